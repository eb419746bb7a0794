using System.Net;
using System.Text.Json;
using Ledger.EventStore;
using Ledger.Projections.Demo;
using Ledger.Projections.Serialization;
using Ledger.Reliability.Harness;
using Ledger.Testing;

namespace Ledger.Reliability;

/// <summary>
/// Concurrent pilot runs are bounded (2 at once; README "Pilots"): a third is a 429 problem, and a running one can be
/// cancelled. The log is made large enough (a generated demo company) that a replay takes seconds, so the runs
/// genuinely overlap.
/// </summary>
public sealed class PilotLimitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_third_concurrent_pilot_run_is_a_429_and_a_running_one_can_be_cancelled()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("pilots");
        await using (var store = await EventStore.EventStore.OpenAsync(connectionString))
        {
            var history = DemoCompany.Generate(11, 12_000, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
            await store.BulkImportAsync(Events(history));
        }
        await using var harness = await ReliabilityHarness.StartAsync(connectionString, connections: 4);
        var pilot = await harness.CreateKeyAsync("pilot");
        var (head, _) = await harness.HeadAsync();
        output.WriteLine($"log of {head} events");

        var hypothesis = JsonSerializer.Serialize(new { name = "drop email", statement = "s", pinnedPosition = head, drop = new { channels = new[] { "email" } } });
        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            using var response = await harness.Http.SendAsync(ReliabilityHarness.Request(HttpMethod.Post, "/api/pilots/runs", pilot, hypothesis));
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, Body: await response.Content.ReadAsStringAsync());
        }));

        responses.Count(r => r.StatusCode == HttpStatusCode.Accepted).ShouldBe(2);
        var refused = responses.Single(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        refused.MediaType.ShouldBe("application/problem+json");
        JsonDocument.Parse(refused.Body).RootElement.GetProperty("status").GetInt32().ShouldBe(429);

        var running = JsonDocument.Parse(responses.First(r => r.StatusCode == HttpStatusCode.Accepted).Body).RootElement.GetProperty("runId").GetGuid();
        using (var cancel = await harness.Http.SendAsync(ReliabilityHarness.Request(HttpMethod.Post, $"/api/pilots/runs/{running}/cancel", pilot)))
            cancel.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        string? state = null;
        for (var i = 0; i < 200 && state is null or "running"; i++)
        {
            await Task.Delay(100);
            using var status = await harness.Http.SendAsync(ReliabilityHarness.Request(HttpMethod.Get, $"/api/pilots/runs/{running}", pilot));
            state = JsonDocument.Parse(await status.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString();
        }
        state.ShouldBe("cancelled");
    }

    private static async IAsyncEnumerable<(string, EventData)> Events(IReadOnlyList<(string StreamId, object Event, DateTimeOffset At)> history)
    {
        foreach (var (streamId, e, at) in history)
            yield return (streamId, EventSerializer.ToEventData(e, Guid.NewGuid(), new EventMetadata("test", at)));
        await Task.CompletedTask;
    }
}
