using Ledger.Api.Security;
using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

/// <summary>
/// <c>POST /api/demo</c> on a ledger the demo did not start: bad sizes and seeds are a 400 naming the fields, only admin
/// may load, a ledger holding other events is a 409 and nothing is written. (Loading itself: DemoSeederTests and the
/// CLI's DemoCliTests.)
/// </summary>
public sealed class DemoApiTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    public static TheoryData<string, string[]> BadRequests() => new()
    {
        { "{}", ["seed", "events"] },
        { """{"seed": 42}""", ["events"] },
        { """{"events": 3000}""", ["seed"] },
        { """{"seed": 42, "events": 999}""", ["events"] },
        { """{"seed": 42, "events": 10000001}""", ["events"] },
        { """{"seed": -1, "events": 0}""", ["seed", "events"] },
        { """{"seed": 42, "events": 3000, "start": "1999-12-31T00:00:00Z"}""", ["start"] },
        { """{"seed": 42, "events": 3000, "start": "2999-01-01T00:00:00Z"}""", ["start"] },
        { """{"seed": 2147483648, "events": 3000}""", ["seed"] },
        { """{"seed": "42", "events": 3000}""", ["seed"] },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_sizes_seeds_and_starts_are_a_400_naming_the_fields(string body, string[] fields)
    {
        var admin = await factory.ClientAsync(Roles.Admin);

        var errors = await (await admin.PostRawAsync("/api/demo", Http.RawJson(body))).ShouldBeValidationProblemAsync();

        errors.Keys.Order().ShouldBe(fields.Order());
    }

    [Theory]
    [InlineData(Roles.Recorder)]
    [InlineData(Roles.Finance)]
    [InlineData(Roles.Executive)]
    [InlineData(Roles.Pilot)]
    [InlineData(Roles.Auditor)]
    public async Task Only_admin_may_load_the_demo_or_follow_a_load(string role)
    {
        var client = await factory.ClientAsync(role);

        await (await client.PostJsonAsync("/api/demo", new { seed = 42, events = 3_000 })).ShouldBeProblemAsync(403);
        await (await client.GetAsync(new Uri($"/api/demo/{Guid.NewGuid()}", UriKind.Relative))).ShouldBeProblemAsync(403);
    }

    [Fact]
    public async Task A_ledger_holding_other_events_is_a_409_and_nothing_is_written()
    {
        var admin = await factory.ClientAsync(Roles.Admin);
        await (await factory.RecorderAsync()).RegisterParticipantAsync();
        var head = await admin.HeadPositionAsync();

        var problem = await (await admin.PostJsonAsync("/api/demo", new { seed = 42, events = 3_000 })).ShouldBeProblemAsync(409);

        problem.GetProperty("code").GetString().ShouldBe("demo_refused");
        problem.GetProperty("detail").GetString()!.ShouldContain("other events");
        (await admin.HeadPositionAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task An_unknown_load_is_a_404()
    {
        var admin = await factory.ClientAsync(Roles.Admin);

        await (await admin.GetAsync(new Uri($"/api/demo/{Guid.NewGuid()}", UriKind.Relative))).ShouldBeProblemAsync(404);
    }
}
