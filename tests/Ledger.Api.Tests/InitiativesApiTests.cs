using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

public sealed class InitiativesApiTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    private async Task<Guid> LaunchAsync(HttpClient client)
    {
        var owner = await (await factory.RecorderAsync()).RegisterParticipantAsync();
        var launched = await (await client.PostJsonAsync("/api/initiatives", Requests.Launch(owner))).ShouldBeAsync(201);
        return launched.GetProperty("initiativeId").GetGuid();
    }

    [Fact]
    public async Task Launches_an_initiative_and_reads_it_back()
    {
        var finance = await factory.FinanceAsync();
        var owner = await (await factory.RecorderAsync()).RegisterParticipantAsync();

        var response = await finance.PostJsonAsync("/api/initiatives", Requests.Launch(owner, "Community forum"));
        var launched = await response.ShouldBeAsync(201);
        var id = launched.GetProperty("initiativeId").GetGuid();

        response.Headers.Location!.ToString().ShouldBe($"/api/initiatives/{id}");
        response.ETag().ShouldBe("\"1\"");
        var read = await (await factory.RecorderAsync()).GetJsonAsync($"/api/initiatives/{id}");
        read.GetProperty("version").GetInt64().ShouldBe(1);
        var launch = read.GetProperty("state").GetProperty("launch");
        launch.GetProperty("name").GetString().ShouldBe("Community forum");
        launch.GetProperty("ownerId").GetGuid().ShouldBe(owner);
        launch.GetProperty("hypothesis").GetString().ShouldBe("Partners bring customers");
    }

    [Fact]
    public async Task An_executive_may_launch_and_end_an_initiative()
    {
        var executive = await factory.ExecutiveAsync();
        var id = await LaunchAsync(executive);

        var ended = await (await executive.PostJsonAsync($"/api/initiatives/{id}/end", new { endedAt = Requests.Now.AddMonths(1) })).ShouldBeAsync(200);

        ended.GetProperty("state").GetProperty("endedAt").GetDateTimeOffset().ShouldBe(Requests.Now.AddMonths(1));
    }

    [Fact]
    public async Task Records_costs_against_an_initiative()
    {
        var finance = await factory.FinanceAsync();
        var id = await LaunchAsync(finance);
        var costId = Guid.NewGuid();

        var response = await finance.PostJsonAsync($"/api/initiatives/{id}/costs",
            new { amount = 1500.25m, currency = "usd", category = "software", incurredAt = Requests.Now.AddDays(3), costId });
        var incurred = await response.ShouldBeAsync(200);

        response.ETag().ShouldBe("\"2\"");
        incurred.GetProperty("version").GetInt64().ShouldBe(2);
        var cost = (await finance.GetJsonAsync($"/api/initiatives/{id}")).GetProperty("state").GetProperty("costs").GetProperty(costId.ToString());
        cost.GetProperty("cost").GetProperty("amount").GetDecimal().ShouldBe(1500.25m);
        cost.GetProperty("cost").GetProperty("currency").GetString().ShouldBe("USD");
        cost.GetProperty("category").GetString().ShouldBe("software");
    }

    [Fact]
    public async Task A_cost_after_the_end_is_a_409()
    {
        var finance = await factory.FinanceAsync();
        var id = await LaunchAsync(finance);
        await (await finance.PostJsonAsync($"/api/initiatives/{id}/end", new { endedAt = Requests.Now.AddMonths(1) })).ShouldBeAsync(200);

        var problem = await (await finance.PostJsonAsync($"/api/initiatives/{id}/costs",
            new { amount = 10m, currency = "EUR", category = "travel", incurredAt = Requests.Now.AddMonths(2) })).ShouldBeProblemAsync(409);

        problem.GetProperty("code").GetString().ShouldBe("initiative_ended");
    }

    [Fact]
    public async Task A_cost_in_an_unknown_currency_is_a_400_naming_the_field()
    {
        var finance = await factory.FinanceAsync();
        var id = await LaunchAsync(finance);

        var errors = await (await finance.PostJsonAsync($"/api/initiatives/{id}/costs",
            new { amount = 10m, currency = "ABC", category = "travel", incurredAt = Requests.Now })).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain("cost.currency");
    }

    [Fact]
    public async Task Launching_with_an_unregistered_owner_is_a_404()
    {
        var finance = await factory.FinanceAsync();

        var problem = await (await finance.PostJsonAsync("/api/initiatives", Requests.Launch(Guid.NewGuid()))).ShouldBeProblemAsync(404);

        problem.GetProperty("code").GetString().ShouldBe("unknown_participant");
    }

    [Fact]
    public async Task An_unknown_initiative_is_a_404()
    {
        var finance = await factory.FinanceAsync();

        await (await finance.GetAsync(new Uri($"/api/initiatives/{Guid.NewGuid()}", UriKind.Relative))).ShouldBeProblemAsync(404);
        await (await finance.PostJsonAsync($"/api/initiatives/{Guid.NewGuid()}/end", new { endedAt = Requests.Now })).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task A_conversation_may_belong_to_an_initiative()
    {
        var recorder = await factory.RecorderAsync();
        var initiative = await LaunchAsync(await factory.FinanceAsync());
        var alice = await recorder.RegisterParticipantAsync();

        var opened = await (await recorder.PostJsonAsync("/api/conversations",
            new { channel = "meeting", participantIds = new[] { alice }, initiativeId = initiative })).ShouldBeAsync(201);

        opened.GetProperty("initiativeId").GetGuid().ShouldBe(initiative);
    }
}
