using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Ledger.Bench.Scenarios;

/// <summary>
/// (g) The floor of (h): the same 16 HTTP clients and bodies as (h), against <see cref="HttpFloorServer"/> — a bare
/// endpoint that group-commits one plain row per request and does nothing else — beside r2 of the same run. It has no
/// target of its own: it tells how much of (h)'s target the machine leaves to the ledger's own work (authentication,
/// idempotency, validation, the decision, the hash chain, gap-free positions, the read model). The server process is
/// started fresh for each repeat and warmed with the same load as (h)'s API.
/// </summary>
internal sealed class HttpFloor : Scenario
{
    private readonly ConcurrentWriters _rawTwin = new();

    public override char Key => 'g';
    public override string Title => "(g) HTTP floor: 16 HTTP clients, bare endpoint + group-committed INSERT, no ledger";
    public override string Baseline => "r2: 1 INSERT per commit, 16 connections";
    public override Target Target => Target.Informative;

    public override Task<RunResult> RunRawAsync(BenchContext context, int repeat, CancellationToken cancellationToken) =>
        _rawTwin.RunRawAsync(context, repeat, cancellationToken);

    public override async Task<RunResult> RunStoreAsync(BenchContext context, int repeat, CancellationToken cancellationToken)
    {
        var database = string.Create(CultureInfo.InvariantCulture, $"bench_g_{repeat}_{Environment.ProcessId}");
        await HttpRecording.ExecuteAsync(context, $"CREATE DATABASE {database}", cancellationToken);
        var port = HttpRecording.FreePort();
        var connection = new NpgsqlConnectionStringBuilder(context.ConnectionString) { Database = database }.ConnectionString;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(HttpFloor).Assembly.Location, HttpFloorServer.Argument, $"http://127.0.0.1:{port}", connection },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_gcServer"] = "1";
        using var server = HttpRecording.StartServer(start, "floor");
        try
        {
            using var http = HttpRecording.Client(port);
            await HttpRecording.WaitHealthyAsync(http, server, cancellationToken);
            await context.SettleAsync(cancellationToken);
            var conversations = Enumerable.Range(0, HttpRecording.Clients).Select(_ => (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid())).ToArray();
            var result = await HttpRecording.RecordAsync(context, http, conversations, cancellationToken);
            await CheckAcknowledgedRowsAsync(context, database, result.Events, cancellationToken);
            return result;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(cancellationToken);
            await HttpRecording.ExecuteAsync(context, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", cancellationToken);
        }
    }

    /// <summary>
    /// A floor that answered 201 without writing would flatter nothing but itself: positions 1..N without a gap, and at
    /// least the timed run's acknowledged rows (the warm-up's come on top).
    /// </summary>
    private static async Task CheckAcknowledgedRowsAsync(BenchContext context, string database, long acknowledged, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(context.ConnectionString) { Database = database }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT count(*), coalesce(max(position), 0) FROM {HttpFloorServer.Table}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (rows, last) = (reader.GetInt64(0), reader.GetInt64(1));
        if (rows < acknowledged || rows != last)
            throw new InvalidOperationException($"The floor server acknowledged {acknowledged} appends but its table holds {rows} rows up to position {last}.");
    }
}
