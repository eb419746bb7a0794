using System.Text.Json;
using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

/// <summary>Lineage as of a position: what an auditor would have found then, nothing recorded later.</summary>
public sealed class LineageAsOfTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task Lineage_as_of_an_earlier_position_lacks_what_was_recorded_after_it()
    {
        var recorder = await factory.RecorderAsync();
        var executive = await factory.ExecutiveAsync();
        var auditor = await factory.AuditorAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var interaction = await recorder.RecordInteractionAsync(conversation, Requests.Interaction(bob, alice));
        var first = await DecideAsync(executive, Requests.Decision(alice, "Try the forum", ("interaction", interaction)));
        var then = await auditor.HeadPositionAsync();
        var second = await DecideAsync(executive, Requests.Decision(alice, "Fund the forum", ("decision", first), ("interaction", interaction)));
        await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions/{interaction}/void",
            new { reason = "Recorded twice", voidedBy = alice })).ShouldBeAsync(200);

        // Which decisions the interaction informed: as of then, only the first; now, the second one as well.
        var influencedThen = await auditor.GetJsonAsync($"/api/lineage/influenced?kind=interaction&id={interaction}&asOf={then}");
        influencedThen.GetProperty("asOfPosition").GetInt64().ShouldBe(then);
        Edges(influencedThen).ShouldContain(($"decision:{first}", $"interaction:{interaction}", "used"));
        Edges(influencedThen).ShouldNotContain(e => e.From == $"decision:{second}");
        Edges(await auditor.GetJsonAsync($"/api/lineage/influenced?kind=interaction&id={interaction}"))
            .ShouldContain(($"decision:{second}", $"interaction:{interaction}", "used"));

        // The first decision's own lineage: the interaction was voided later, so then it still had its sender.
        var upstreamThen = await auditor.GetJsonAsync($"/api/lineage/decisions/{first}?asOf={then}");
        Edges(upstreamThen).ShouldContain(($"interaction:{interaction}", $"participant:{bob}", "wasAttributedTo"));
        Node(upstreamThen, $"interaction:{interaction}").GetProperty("missing").GetBoolean().ShouldBeFalse();
        var upstreamNow = await auditor.GetJsonAsync($"/api/lineage/decisions/{first}");
        Node(upstreamNow, $"interaction:{interaction}").GetProperty("missing").GetBoolean().ShouldBeTrue();
        Edges(upstreamNow).ShouldNotContain(($"interaction:{interaction}", $"participant:{bob}", "wasAttributedTo"));

        // The second decision did not exist yet: a 404 that says so, in the lineage and its PROV-JSON alike.
        foreach (var path in new[] { $"/api/lineage/decisions/{second}?asOf={then}", $"/api/lineage/decisions/{second}/prov?asOf={then}" })
        {
            var problem = await (await auditor.GetAsync(new Uri(path, UriKind.Relative))).ShouldBeProblemAsync(404);
            problem.GetProperty("detail").GetString()!.ShouldContain($"after position {then}");
        }
        (await auditor.GetJsonAsync($"/api/lineage/decisions/{second}?at={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}"))
            .GetProperty("nodes").EnumerateArray().ShouldContain(n => n.GetProperty("id").GetString() == $"decision:{first}");
    }

    [Theory]
    [InlineData("asOf=abc")]
    [InlineData("asOf=-1")]
    [InlineData("asOf=999999999")]
    [InlineData("asOf=1&at=2025-01-01T00:00:00Z")]
    public async Task A_bad_as_of_is_a_400_naming_the_field(string query)
    {
        var auditor = await factory.AuditorAsync();
        var alice = await (await factory.RecorderAsync()).RegisterParticipantAsync();
        var decision = await DecideAsync(await factory.ExecutiveAsync(), Requests.Decision(alice, "Anything"));
        foreach (var path in new[] { $"/api/lineage/decisions/{decision}?{query}", $"/api/lineage/influenced?kind=decision&id={decision}&{query}" })
        {
            var errors = await (await auditor.GetAsync(new Uri(path, UriKind.Relative))).ShouldBeValidationProblemAsync();
            errors.Keys.ShouldContain("asOf");
        }
    }

    private static async Task<Guid> DecideAsync(HttpClient executive, System.Text.Json.Nodes.JsonObject decision) =>
        (await (await executive.PostJsonAsync("/api/decisions", decision)).ShouldBeAsync(201)).GetProperty("decisionId").GetGuid();

    private static List<(string? From, string? To, string? Relation)> Edges(JsonElement graph) =>
        [.. graph.GetProperty("edges").EnumerateArray().Select(e => (e.GetProperty("from").GetString(), e.GetProperty("to").GetString(), e.GetProperty("relation").GetString()))];

    private static JsonElement Node(JsonElement graph, string id) =>
        graph.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == id);
}
