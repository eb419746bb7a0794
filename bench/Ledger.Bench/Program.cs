using Ledger.Bench;
using Ledger.EventStore.Embedded;
using Npgsql;

// (g) starts this program again as its HTTP floor server, in a process of its own like the ledger's API in (h).
if (args is [HttpFloorServer.Argument, var floorUrl, var floorConnection]) return await HttpFloorServer.RunAsync(floorUrl, floorConnection);

// Throughput runs against a real, durable PostgreSQL: LEDGER_BENCH_CONNECTION, or a throwaway local cluster.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    // A usage mistake: one line and a non-zero exit, like the ledger CLI.
    Console.Error.WriteLine($"bench: {ex.Message}");
    return 2;
}
var external = Environment.GetEnvironmentVariable("LEDGER_BENCH_CONNECTION");
await using var cluster = string.IsNullOrWhiteSpace(external)
    ? await LocalPostgresCluster.StartAsync(Path.Combine(Path.GetTempPath(), $"ledger-bench-{Guid.NewGuid():N}"),
        new LocalPostgresOptions { Durable = true, DeleteOnDispose = true })
    : null;
var connectionString = cluster?.ConnectionString ?? external!;

var rawBuilder = new NpgsqlDataSourceBuilder(connectionString);
// The store prepares its repeated statements (MaxAutoPrepare = 32); the baseline gets the same advantage.
rawBuilder.ConnectionStringBuilder.MaxAutoPrepare = 32;
await using var context = new BenchContext(connectionString, rawBuilder.Build(), options);

await Header.PrintAsync(context, cluster is null ? "LEDGER_BENCH_CONNECTION" : "throwaway local cluster (LocalPostgresCluster, Durable)", CancellationToken.None);
if (options.Projections)
{
    await ProjectionBench.RunAsync(context, CancellationToken.None);
    return 0;
}
var results = await Runner.RunAsync(context, CancellationToken.None);
Header.PrintResults(context, results);
return 0;
