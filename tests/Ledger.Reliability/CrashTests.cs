using Ledger.Reliability.Harness;
using Ledger.Testing;

namespace Ledger.Reliability;

/// <summary>kill -9 of the API under load, restart on the same database and port, clients retry what was not acknowledged.</summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Clients = 16;

    [Fact]
    public async Task Every_acknowledged_append_is_stored_exactly_once_after_a_kill_9_mid_load()
    {
        var total = Scale.Pick(ci: 2_000, longRun: 10_000);
        await using var harness = await ReliabilityHarness.StartAsync(await TestPostgres.CreateDatabaseAsync("crash"), connections: Clients);
        var workload = await AppendWorkload.PrepareAsync(harness, Clients, total);
        var started = DateTime.UtcNow;

        var run = workload.RunAsync(TimeSpan.FromMinutes(Scale.Pick(ci: 2, longRun: 15)));
        await workload.WaitForAcknowledgedAsync(total * 4 / 10, run);
        var killedPid = harness.Api.Id;
        var workingSet = harness.Api.WorkingSetBytes;
        harness.KillApi();
        var acknowledgedAtKill = workload.AcknowledgedCount;
        output.WriteLine($"killed API pid {killedPid} (working set {workingSet / 1_048_576} MB) after {(DateTime.UtcNow - started).TotalSeconds:0.0} s " +
                         $"with {acknowledgedAtKill}/{total} appends acknowledged");

        await harness.StartApiAsync();
        output.WriteLine($"restarted API pid {harness.Api.Id} on port {harness.Port} after {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        try
        {
            await harness.WhileApiRunsAsync(run);
        }
        finally
        {
            foreach (var sample in workload.Tally.TransportSamples) output.WriteLine($"transport failure: {sample}");
            if (workload.AcknowledgedCount < total) output.WriteLine($"API exited: {harness.Api.HasExited}; tail:{Environment.NewLine}{harness.Api.Tail}");
        }
        output.WriteLine($"all clients done after {(DateTime.UtcNow - started).TotalSeconds:0.0} s");

        acknowledgedAtKill.ShouldBeLessThan(total, "the kill happened mid-load");
        workload.Tally.TransportFailures.ShouldBeGreaterThan(0, "the kill was felt by the clients");
        await ExactlyOnce.AssertAsync(harness, workload, output);
        harness.Api.UnhandledErrorsLogged.ShouldBe(0, harness.Api.Tail);
    }

    [Fact]
    public async Task A_retry_taken_over_by_another_instance_after_a_crash_gets_the_original_acknowledgement()
    {
        var database = await TestPostgres.CreateDatabaseAsync("takeover");
        await using var first = await ReliabilityHarness.StartAsync(database, connections: 2);
        await using var second = await ReliabilityHarness.StartAsync(database, connections: 2);
        var recorder = await first.CreateKeyAsync("recorder");
        // The second instance opens the conversation, so it caches the stream at version 1.
        var conversation = await second.OpenConversationAsync(recorder);
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["senderId"] = conversation.StaffId,
            ["receiverIds"] = new System.Text.Json.Nodes.JsonArray(conversation.CustomerId),
            ["occurredAt"] = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
            ["contentHash"] = new string('a', 64),
            ["source"] = new System.Text.Json.Nodes.JsonObject { ["system"] = "takeover", ["id"] = "1" },
            ["payload"] = new System.Text.Json.Nodes.JsonObject { ["kind"] = "monetary", ["amount"] = 5m, ["currency"] = "EUR", ["direction"] = "revenue" },
        }.ToJsonString();
        HttpRequestMessage Append()
        {
            var request = ReliabilityHarness.Request(HttpMethod.Post, $"/api/conversations/{conversation.ConversationId}/interactions", recorder, body);
            request.Headers.TryAddWithoutValidation("Idempotency-Key", "takeover-1");
            return request;
        }

        var (status, original, _) = await first.SendAsync(Append);
        status.ShouldBe(System.Net.HttpStatusCode.Created);
        // The first instance dies after the append and before storing its response; the claim has expired.
        first.KillApi();
        await LedgerFacts.ExecuteAsync(database, "DELETE FROM ledger_api.idempotent_responses WHERE idempotency_key = 'takeover-1'");

        var (retryStatus, retried, _) = await second.SendAsync(Append);
        output.WriteLine($"original: {original}{Environment.NewLine}retry: {(int)retryStatus} {retried}");

        retryStatus.ShouldBe(System.Net.HttpStatusCode.Created, "the same key and body must converge to the acknowledgement");
        (await LedgerFacts.InteractionPositionsAsync(database)).Count.ShouldBe(1);
    }
}
