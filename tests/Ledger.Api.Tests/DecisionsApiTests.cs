using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

public sealed class DecisionsApiTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    private async Task<Guid> RecordAsync(HttpClient client, Guid decidedBy, Guid? supersedes = null, params (string Kind, Guid Id)[] informedBy)
    {
        var request = Requests.Decision(decidedBy, "Decision", informedBy);
        if (supersedes is { } old) request["supersedes"] = old;
        var recorded = await (await client.PostJsonAsync("/api/decisions", request)).ShouldBeAsync(201);
        return recorded.GetProperty("decisionId").GetGuid();
    }

    [Fact]
    public async Task Records_a_decision_informed_by_an_interaction_and_a_conversation()
    {
        var recorder = await factory.RecorderAsync();
        var executive = await factory.ExecutiveAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var interaction = await recorder.RecordInteractionAsync(conversation, Requests.Interaction(alice, bob));

        var response = await executive.PostJsonAsync("/api/decisions",
            Requests.Decision(alice, "Expand the programme", ("interaction", interaction), ("conversation", conversation)));
        var recorded = await response.ShouldBeAsync(201);
        var id = recorded.GetProperty("decisionId").GetGuid();

        response.Headers.Location!.ToString().ShouldBe($"/api/decisions/{id}");
        response.ETag().ShouldBe("\"1\"");
        var decision = (await recorder.GetJsonAsync($"/api/decisions/{id}")).GetProperty("state").GetProperty("decision");
        decision.GetProperty("title").GetString().ShouldBe("Expand the programme");
        decision.GetProperty("decidedBy").GetGuid().ShouldBe(alice);
        decision.GetProperty("informedBy").EnumerateArray().Select(r => (r.GetProperty("kind").GetString(), r.GetProperty("id").GetGuid()))
            .ShouldBe([("interaction", interaction), ("conversation", conversation)], ignoreOrder: true);
    }

    [Theory]
    [InlineData(Security.Roles.Finance)]
    [InlineData(Security.Roles.Pilot)]
    public async Task Finance_and_pilot_keys_may_record_decisions(string role)
    {
        var alice = await (await factory.RecorderAsync()).RegisterParticipantAsync();

        var id = await RecordAsync(await factory.ClientAsync(role), alice);

        (await (await factory.AuditorAsync()).GetJsonAsync($"/api/decisions/{id}")).GetProperty("version").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task A_decision_informed_by_an_unknown_interaction_is_a_404_and_is_not_recorded()
    {
        var executive = await factory.ExecutiveAsync();
        var auditor = await factory.AuditorAsync();
        var alice = await (await factory.RecorderAsync()).RegisterParticipantAsync();
        var before = await auditor.HeadPositionAsync();

        var problem = await (await executive.PostJsonAsync("/api/decisions",
            Requests.Decision(alice, "Based on nothing", ("interaction", Guid.NewGuid())))).ShouldBeProblemAsync(404);

        problem.GetProperty("code").GetString().ShouldBe("unknown_reference");
        (await auditor.HeadPositionAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_decision_informed_by_a_voided_interaction_is_a_404()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var interaction = await recorder.RecordInteractionAsync(conversation, Requests.Interaction(alice, bob));
        await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions/{interaction}/void", new { reason = "wrong", voidedBy = alice })).ShouldBeAsync(200);

        await (await (await factory.ExecutiveAsync()).PostJsonAsync("/api/decisions",
            Requests.Decision(alice, "Based on a voided fact", ("interaction", interaction)))).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task A_decision_informed_by_a_participant_is_a_400()
    {
        var alice = await (await factory.RecorderAsync()).RegisterParticipantAsync();

        var errors = await (await (await factory.ExecutiveAsync()).PostJsonAsync("/api/decisions",
            Requests.Decision(alice, "Based on a person", ("participant", alice)))).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain("informedBy[0].kind");
    }

    [Fact]
    public async Task Superseding_marks_the_earlier_decision()
    {
        var executive = await factory.ExecutiveAsync();
        var alice = await (await factory.RecorderAsync()).RegisterParticipantAsync();
        var first = await RecordAsync(executive, alice);

        var second = await RecordAsync(executive, alice, supersedes: first);

        var earlier = await executive.GetJsonAsync($"/api/decisions/{first}");
        earlier.GetProperty("version").GetInt64().ShouldBe(2);
        earlier.GetProperty("state").GetProperty("supersededBy").GetGuid().ShouldBe(second);
        var later = await executive.GetJsonAsync($"/api/decisions/{second}");
        later.GetProperty("state").GetProperty("decision").GetProperty("supersedes").GetGuid().ShouldBe(first);
        later.GetProperty("state").GetProperty("supersededBy").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task Superseding_an_already_superseded_decision_is_a_409_and_records_nothing()
    {
        var executive = await factory.ExecutiveAsync();
        var auditor = await factory.AuditorAsync();
        var alice = await (await factory.RecorderAsync()).RegisterParticipantAsync();
        var first = await RecordAsync(executive, alice);
        await RecordAsync(executive, alice, supersedes: first);
        var before = await auditor.HeadPositionAsync();
        var third = Requests.Decision(alice, "A third opinion");
        third["supersedes"] = first;

        var problem = await (await executive.PostJsonAsync("/api/decisions", third)).ShouldBeProblemAsync(409);

        problem.GetProperty("code").GetString().ShouldBe("decision_already_superseded");
        (await auditor.HeadPositionAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Superseding_an_unknown_decision_is_a_404()
    {
        var alice = await (await factory.RecorderAsync()).RegisterParticipantAsync();
        var request = Requests.Decision(alice);
        request["supersedes"] = Guid.NewGuid();

        var problem = await (await (await factory.ExecutiveAsync()).PostJsonAsync("/api/decisions", request)).ShouldBeProblemAsync(404);

        problem.GetProperty("code").GetString().ShouldBe("unknown_decision");
    }

    [Fact]
    public async Task An_unknown_decision_is_a_404()
    {
        await (await (await factory.AuditorAsync()).GetAsync(new Uri($"/api/decisions/{Guid.NewGuid()}", UriKind.Relative))).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task Lists_decisions_newest_first_as_of_a_position_with_what_superseded_them_a_page_at_a_time()
    {
        var executive = await factory.ExecutiveAsync();
        var auditor = await factory.AuditorAsync();
        var alice = await (await factory.RecorderAsync()).RegisterParticipantAsync();
        var first = await RecordAsync(executive, alice);
        var beforeSecond = await auditor.HeadPositionAsync();
        var second = await RecordAsync(executive, alice, supersedes: first);
        var third = await RecordAsync(executive, alice);

        var mine = new[] { first, second, third };
        var atHead = await auditor.GetJsonAsync($"/api/decisions?limit={Decisions.DecisionList.MaxPageSize}");
        var listed = atHead.GetProperty("decisions").EnumerateArray().Where(d => mine.Contains(d.GetProperty("decisionId").GetGuid())).ToList();
        listed.Select(d => d.GetProperty("decisionId").GetGuid()).ShouldBe([third, second, first]);
        listed[2].GetProperty("supersededBy").GetGuid().ShouldBe(second);
        listed[1].GetProperty("supersedes").GetGuid().ShouldBe(first);
        atHead.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("position").GetInt64()).ShouldBeInOrder(SortDirection.Descending);

        var earlier = await auditor.GetJsonAsync($"/api/decisions?asOf={beforeSecond}&limit={Decisions.DecisionList.MaxPageSize}");
        earlier.GetProperty("asOf").GetInt64().ShouldBe(beforeSecond);
        var then = earlier.GetProperty("decisions").EnumerateArray().Where(d => mine.Contains(d.GetProperty("decisionId").GetGuid())).ToList();
        then.Select(d => d.GetProperty("decisionId").GetGuid()).ShouldBe([first]);
        then[0].GetProperty("supersededBy").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null, "superseded only later");

        var page = await auditor.GetJsonAsync("/api/decisions?limit=1");
        page.GetProperty("decisions")[0].GetProperty("decisionId").GetGuid().ShouldBe(third);
        var before = page.GetProperty("before").GetInt64();
        var next = await auditor.GetJsonAsync($"/api/decisions?limit=1&before={before}");
        next.GetProperty("decisions")[0].GetProperty("decisionId").GetGuid().ShouldBe(second);
        next.GetProperty("decisions")[0].GetProperty("position").GetInt64().ShouldBeLessThan(before);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("before=0", "before")]
    [InlineData("asOf=-1", "asOf")]
    [InlineData("at=yesterday", "at")]
    [InlineData("limit=ten", "limit")]
    public async Task A_bad_decision_list_query_is_a_400_naming_the_parameter(string query, string field)
    {
        var errors = await (await (await factory.AuditorAsync()).GetAsync($"/api/decisions?{query}")).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldBe([field]);
    }
}
