using System.Text.Json.Nodes;
using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

/// <summary>Times with any UTC offset are valid input: the projections store them as instants and keep running.</summary>
public sealed class NonUtcTimesTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task An_interaction_stamped_with_a_non_utc_offset_is_projected_and_the_daemon_keeps_going()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var interaction = Requests.Interaction(alice, bob, Requests.Monetary(42m, "EUR", "revenue"));
        interaction["occurredAt"] = "2026-03-02T11:00:00+02:00";
        await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions", interaction)).ShouldBeAsync(201);
        // And a later one, so that a halted daemon would show as lag.
        await recorder.RecordInteractionAsync(conversation, Requests.Interaction(alice, bob));

        var admin = factory.WithKey(factory.AdminKey);
        var head = (await admin.GetJsonAsync("/api/ledger/head")).GetProperty("position").GetInt64();
        JsonNode? status = null;
        for (var i = 0; i < 100; i++)
        {
            status = JsonNode.Parse((await admin.GetJsonAsync("/api/projections")).GetRawText())!.AsArray().Single(p => p!["active"]!.GetValue<bool>());
            if (status!["checkpoint"]!.GetValue<long>() >= head) break;
            await Task.Delay(100);
        }

        status!["failure"].ShouldBeNull();
        status["checkpoint"]!.GetValue<long>().ShouldBe(head);
    }
}
