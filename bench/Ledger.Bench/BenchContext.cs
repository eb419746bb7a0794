using Ledger.EventStore;
using Npgsql;

namespace Ledger.Bench;

/// <summary>What every scenario shares: the server, the raw baseline, the payloads, and the 1M-event log of (d)-(f).</summary>
internal sealed class BenchContext(string connectionString, NpgsqlDataSource rawDataSource, BenchOptions options) : IAsyncDisposable
{
    private int _runs;

    public string ConnectionString { get; } = connectionString;
    public BenchOptions Options { get; } = options;
    public RawBaseline Raw { get; } = new(rawDataSource);
    public NpgsqlDataSource RawDataSource { get; } = rawDataSource;
    public Payloads Payloads { get; } = new();

    /// <summary>The bulk set, generated once (outside any timing) and reused by r4 and (d).</summary>
    public BulkRow[]? BulkRows { get; set; }

    /// <summary>Schema of the store log holding the bulk set, read by (e) and (f); null until one is built.</summary>
    public string? BulkLogSchema { get; set; }

    /// <summary>True while raw_events holds the bulk set (read by the (e) and (f) baselines).</summary>
    public bool RawHoldsBulk { get; set; }

    /// <summary>A distinct number per run, so event ids never repeat across runs.</summary>
    public int NextRun() => Interlocked.Increment(ref _runs);

    public BulkRow[] EnsureBulkRows()
    {
        if (BulkRows is not null) return BulkRows;
        // 10 events per stream, as an import of history would look.
        var rows = new BulkRow[Options.BulkEvents];
        var streams = new string[(Options.BulkEvents + 9) / 10];
        for (var s = 0; s < streams.Length; s++) streams[s] = $"bulk-{s}";
        for (var i = 0; i < rows.Length; i++) {
            var e = Payloads.Event(0, i);
            rows[i] = new BulkRow(streams[i / 10], i % 10 + 1, e, e.ToEventData());
        }
        return BulkRows = rows;
    }

    /// <summary>Opens the store on a fresh schema (dropped first if a previous run left it).</summary>
    public async Task<EventStore.EventStore> OpenFreshStoreAsync(string schema, CancellationToken cancellationToken)
    {
        await DropSchemaAsync(schema, cancellationToken);
        return await EventStore.EventStore.OpenAsync(ConnectionString, new EventStoreOptions { Schema = schema }, cancellationToken);
    }

    public Task<EventStore.EventStore> OpenStoreAsync(string schema, CancellationToken cancellationToken) =>
        EventStore.EventStore.OpenAsync(ConnectionString, new EventStoreOptions { Schema = schema }, cancellationToken);

    /// <summary>Recreates bench_raw.raw_events empty (a fresh table per raw run, so sizes compare).</summary>
    public async Task RecreateRawTableAsync(CancellationToken cancellationToken)
    {
        RawHoldsBulk = false;
        await Raw.RecreateTableAsync(cancellationToken);
    }

    public async Task DropSchemaAsync(string schema, CancellationToken cancellationToken)
    {
        await using var command = RawDataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Flushes dirty pages before a run so that every run starts from the same state (a checkpoint left over from the
    /// previous run would otherwise land in the middle of the next one). Needs superuser; skipped when refused.
    /// </summary>
    public async Task SettleAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = RawDataSource.CreateCommand("CHECKPOINT");
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // Not superuser on an external server: run without it.
        }
        await WaitForAutovacuumAsync(cancellationToken);
        PeakMemory.Reset();
    }

    /// <summary>
    /// Waits (at most two minutes) until no autovacuum worker runs: the VACUUM ANALYZE that a million rows written by
    /// one run trigger would otherwise take CPU from the next run (measured: ~24 s of it after a raw COPY).
    /// </summary>
    private async Task WaitForAutovacuumAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            await using var command = RawDataSource.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'");
            if ((long)(await command.ExecuteScalarAsync(cancellationToken))! == 0) return;
            await Task.Delay(250, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync() => await RawDataSource.DisposeAsync();
}
