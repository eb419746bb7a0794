using System.Text.Json;
using Ledger.Reliability.Harness;
using Ledger.Testing;

namespace Ledger.Reliability;

/// <summary>
/// Opt-in (LEDGER_SOAK_MINUTES): a sustained 1,000 appends per second with the projection daemon running. Every 10 s
/// the API process's working set and the projection's lag are sampled.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int AppendsPerSecond = 1_000;
    private const int Clients = 64;
    private const long MaxGrowthBytes = 200L * 1024 * 1024;
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);

    [SoakFact]
    public async Task Memory_stays_bounded_and_projections_keep_up_at_1000_appends_per_second()
    {
        var minutes = Scale.SoakMinutes!.Value;
        var total = (int)(AppendsPerSecond * minutes * 60);
        await using var harness = await ReliabilityHarness.StartAsync(await TestPostgres.CreateDatabaseAsync("soak"), connections: Clients);
        var workload = await AppendWorkload.PrepareAsync(harness, Clients, total);
        var started = DateTime.UtcNow;
        var run = workload.RunAsync(TimeSpan.FromMinutes(minutes * 2 + 2), AppendsPerSecond);

        var samples = new List<(double Seconds, long WorkingSet, double LagSeconds, long LagPositions, int Acknowledged)>();
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(SampleEvery));
            if (run.IsCompleted) break;
            var projection = (await harness.GetJsonAsync("/api/projections")).EnumerateArray().First(p => p.GetProperty("active").GetBoolean());
            var sample = ((DateTime.UtcNow - started).TotalSeconds, harness.Api.WorkingSetBytes,
                projection.GetProperty("lagSeconds").GetDouble(), projection.GetProperty("lagPositions").GetInt64(), workload.AcknowledgedCount);
            samples.Add(sample);
            output.WriteLine($"t={sample.Item1:0}s working set {sample.Item2 / 1_048_576} MB, projection lag {sample.Item3:0.000} s / {sample.Item4} positions, acknowledged {sample.Item5}");
        }
        await harness.WhileApiRunsAsync(run);
        var elapsed = (DateTime.UtcNow - started).TotalSeconds;
        output.WriteLine($"{total} appends in {elapsed:0.0} s = {total / elapsed:0} per second (target {AppendsPerSecond})");

        samples.Count.ShouldBeGreaterThan(0, "the soak ran long enough to be sampled");
        var growth = samples.Max(s => s.WorkingSet) - samples[0].WorkingSet;
        output.WriteLine($"working set: first sample {samples[0].WorkingSet / 1_048_576} MB, max {samples.Max(s => s.WorkingSet) / 1_048_576} MB, growth {growth / 1_048_576} MB (bound {MaxGrowthBytes / 1_048_576} MB)");
        growth.ShouldBeLessThan(MaxGrowthBytes, "memory growth over the first sample");
        samples.Max(s => s.LagSeconds).ShouldBeLessThan(1.0, "the projection keeps up within a second");
        (total / elapsed).ShouldBeGreaterThan(AppendsPerSecond * 0.9, "the target rate was sustained");
        await ExactlyOnce.AssertAsync(harness, workload, output);
        var health = await harness.GetJsonAsync("/health");
        output.WriteLine($"health after the soak: {JsonSerializer.Serialize(health)}");
    }
}
