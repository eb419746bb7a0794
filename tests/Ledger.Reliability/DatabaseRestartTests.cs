using System.Text.Json;
using Ledger.EventStore.Embedded;
using Ledger.Reliability.Harness;
using Npgsql;

namespace Ledger.Reliability;

/// <summary>
/// PostgreSQL restarts under load, clean (pg_ctl restart -m fast) and as a crash (-m immediate). Runs on its own durable
/// cluster: the shared test cluster serves every other test class of the process.
/// </summary>
public sealed class DatabaseRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Clients = 8;
    private LocalPostgresCluster? _cluster;

    public async Task InitializeAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"ledger-reliability-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        _cluster = await LocalPostgresCluster.StartAsync(folder, new LocalPostgresOptions { Durable = true, DeleteOnDispose = true });
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE ledger", connection);
        await create.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_api_rides_out_a_database_restart_with_503s_and_loses_or_duplicates_nothing(bool crash)
    {
        var cluster = _cluster!;
        var total = Scale.Pick(ci: 1_600, longRun: 8_000);
        await using var harness = await ReliabilityHarness.StartAsync(cluster.ConnectionStringFor("ledger"), connections: Clients);
        var workload = await AppendWorkload.PrepareAsync(harness, Clients, total);
        var apiPid = harness.Api.Id;
        var started = DateTime.UtcNow;

        var run = workload.RunAsync(TimeSpan.FromMinutes(Scale.Pick(ci: 2, longRun: 15)));
        await workload.WaitForAcknowledgedAsync(total * 4 / 10, run);
        var acknowledgedAtRestart = workload.AcknowledgedCount;
        await cluster.RestartAsync(crash);
        output.WriteLine($"PostgreSQL {(crash ? "crashed and " : "")}restarted after {(DateTime.UtcNow - started).TotalSeconds:0.0} s, with {acknowledgedAtRestart}/{total} acknowledged; " +
                         $"restart took until {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        await harness.WhileApiRunsAsync(run);
        output.WriteLine($"all clients done after {(DateTime.UtcNow - started).TotalSeconds:0.0} s");

        acknowledgedAtRestart.ShouldBeLessThan(total, "the restart happened mid-load");
        harness.Api.Id.ShouldBe(apiPid, "the API recovered by itself, without a restart");
        harness.Api.HasExited.ShouldBeFalse();
        workload.Tally.Of(503).ShouldBeGreaterThan(0, "the restart was felt by the clients (as 503s)");
        workload.Tally.TransportFailures.ShouldBe(0, "the API stayed reachable: the database, not the API, went away");
        workload.Tally.Statuses.ShouldAllBe(s => s == 201 || s == 503 || s == 409, workload.Tally.ToString());
        workload.Tally.Of(409).ShouldBe(workload.Tally.Of(409, "idempotency_in_progress"), "a 409 may only mean 'your earlier attempt is still in progress'");
        await ExactlyOnce.AssertAsync(harness, workload, output);
        harness.Api.UnhandledErrorsLogged.ShouldBe(0, harness.Api.Tail);

        // The projection daemon resumed by itself: its checkpoint reaches the head.
        var (headPosition, _) = await harness.HeadAsync();
        var projection = await WaitForCurrentProjectionAsync(harness, headPosition, TimeSpan.FromSeconds(60));
        output.WriteLine($"projection after the restart: {projection}");
        projection.GetProperty("state").GetString().ShouldBe("current");
        projection.GetProperty("checkpoint").GetInt64().ShouldBe(headPosition);

        // Read-model transactions commit asynchronously: a crash may take the last of them away, facts and checkpoint
        // together, and the daemon applies those events again. One fact per recorded interaction, none twice.
        var (facts, interactions) = await LedgerFacts.FactsAndInteractionsAsync(cluster.ConnectionStringFor("ledger"));
        output.WriteLine($"facts {facts}, recorded interactions {interactions}");
        facts.ShouldBe(interactions);
    }

    private static async Task<JsonElement> WaitForCurrentProjectionAsync(ReliabilityHarness harness, long head, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var health = await harness.GetJsonAsync("/health");
            var projection = health.GetProperty("projections")[0];
            if ((projection.GetProperty("state").GetString() == "current" && projection.GetProperty("checkpoint").GetInt64() == head) || DateTime.UtcNow > until)
                return projection;
            await Task.Delay(250);
        }
    }
}
