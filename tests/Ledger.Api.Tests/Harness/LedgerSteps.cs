using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Api.Tests.Harness;

/// <summary>The steps most tests start with, each asserting that it succeeded.</summary>
public static class LedgerSteps
{
    public static async Task<Guid> RegisterParticipantAsync(this HttpClient recorder, JsonObject? request = null)
    {
        var created = await (await recorder.PostJsonAsync("/api/participants", request ?? Requests.Internal())).ShouldBeAsync(201);
        return created.GetProperty("participantId").GetGuid();
    }

    public static async Task<Guid> OpenConversationAsync(this HttpClient recorder, params Guid[] participants)
    {
        var created = await (await recorder.PostJsonAsync("/api/conversations", new { channel = "email", participantIds = participants })).ShouldBeAsync(201);
        return created.GetProperty("conversationId").GetGuid();
    }

    /// <summary>Two registered participants in a new conversation.</summary>
    public static async Task<(Guid ConversationId, Guid Alice, Guid Bob)> ConversationOfTwoAsync(this HttpClient recorder)
    {
        var alice = await recorder.RegisterParticipantAsync();
        var bob = await recorder.RegisterParticipantAsync(Requests.External());
        return (await recorder.OpenConversationAsync(alice, bob), alice, bob);
    }

    public static async Task<Guid> RecordInteractionAsync(this HttpClient recorder, Guid conversationId, JsonObject interaction)
    {
        var recorded = await (await recorder.PostJsonAsync($"/api/conversations/{conversationId}/interactions", interaction)).ShouldBeAsync(201);
        return recorded.GetProperty("interactionIds")[0].GetGuid();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path) =>
        await (await client.GetAsync(new Uri(path, UriKind.Relative))).ShouldBeAsync(200);

    public static async Task<JsonElement> ConversationAsync(this HttpClient reader, Guid conversationId) =>
        await reader.GetJsonAsync($"/api/conversations/{conversationId}");

    public static async Task<JsonElement> InteractionViewAsync(this HttpClient reader, Guid conversationId, Guid interactionId) =>
        (await reader.ConversationAsync(conversationId)).GetProperty("interactions").EnumerateArray()
            .Single(i => i.GetProperty("interactionId").GetGuid() == interactionId);

    /// <summary>The log's last position (auditor or admin).</summary>
    public static async Task<long> HeadPositionAsync(this HttpClient auditor) =>
        (await auditor.GetJsonAsync("/api/ledger/head")).GetProperty("position").GetInt64();

    /// <summary>Polls a demo load (admin) until it is no longer running; its last status.</summary>
    public static async Task<JsonElement> DemoLoadFinishedAsync(this HttpClient admin, Guid loadId)
    {
        for (var i = 0; i < 1_200; i++)
        {
            var status = await admin.GetJsonAsync($"/api/demo/{loadId}");
            if (status.GetProperty("state").GetString() != "running") return status;
            await Task.Delay(100);
        }
        throw new TimeoutException($"demo load {loadId} still running after 2 minutes");
    }
}
