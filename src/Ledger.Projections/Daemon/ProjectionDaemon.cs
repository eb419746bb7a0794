using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.Projections.Daemon;

/// <summary>
/// Runs every registered projection's active table set, and rebuilds: a new table set is built beside the live one
/// from position 0 while reports keep reading the live one, and is swapped in (one UPDATE of <c>ledger_read.active</c>)
/// once it has caught up with the log.
/// </summary>
public sealed class ProjectionDaemon : IAsyncDisposable
{
    private readonly EventStore.EventStore _store;
    private readonly ILoggerFactory _loggers;
    private readonly Dictionary<string, IProjection> _projections;
    private readonly Dictionary<string, (ProjectionRunner Runner, Task Task, CancellationTokenSource Stop)> _running = [];
    private readonly Lock _sync = new();
    private CancellationTokenSource? _stopping;

    public ProjectionDaemon(EventStore.EventStore store, IEnumerable<IProjection> projections, ILoggerFactory loggers, Meter? meter = null)
    {
        _store = store;
        _loggers = loggers;
        _projections = projections.ToDictionary(p => p.Name);
        meter?.CreateObservableGauge("ledger.projection.lag.positions", ObserveLag, description: "Events in the log not yet applied, per projection");
    }

    public IReadOnlyCollection<IProjection> Projections => _projections.Values;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ProjectionSchema.EnsureAsync(_store.DataSource, cancellationToken);
        _stopping = new CancellationTokenSource();
        foreach (var projection in _projections.Values)
        {
            var active = await ActiveTableSetAsync(projection.Name, cancellationToken) ?? await ActivateAsync(projection, projection.TableSet(), cancellationToken);
            Start(projection, active);
            // A new version of the code: build it beside the live table set and swap when current.
            // (An admin's rebuild of the same version is named "<set>_r<time>" and needs no second rebuild.)
            if (!active.StartsWith(projection.TableSet(), StringComparison.Ordinal)) _ = RebuildAsync(projection.Name, projection.TableSet(), _stopping.Token);
        }
    }

    /// <summary>The table set answering reports for <paramref name="projection"/> (null before the first start).</summary>
    public async Task<string?> ActiveTableSetAsync(string projection, CancellationToken cancellationToken)
    {
        await using var command = _store.DataSource.CreateCommand($"SELECT table_set FROM {ProjectionSchema.Schema}.active WHERE projection = $1");
        command.Parameters.AddWithValue(projection);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>
    /// Rebuilds a projection without downtime: a fresh table set (suffix "_r" + time) is built from position 0 beside
    /// the live one, then swapped in atomically when it has caught up. Returns the new table set.
    /// </summary>
    public async Task<string> RebuildAsync(string projectionName, string? tableSet = null, CancellationToken cancellationToken = default)
    {
        var projection = _projections.GetValueOrDefault(projectionName) ?? throw new KeyNotFoundException($"No projection named '{projectionName}'.");
        tableSet ??= $"{projection.TableSet()}_r{DateTimeOffset.UtcNow:yyyyMMddHHmmss}";
        var runner = Start(projection, tableSet);
        // Catch up to the head as it is now, then keep following; swap once it is within a batch of the head. The runner
        // creates the table set before its checkpoint row: until that row exists the swap waits, so that it never
        // races the runner's CREATE TABLE IF NOT EXISTS (PostgreSQL refuses one of two concurrent creations).
        while (!cancellationToken.IsCancellationRequested)
        {
            var head = (await _store.ReadHeadAsync(cancellationToken)).Position;
            var checkpoint = await CheckpointAsync(tableSet, cancellationToken);
            if (checkpoint is { } applied && applied >= head) break;
            await Task.Delay(200, cancellationToken);
        }
        var previous = await ActiveTableSetAsync(projection.Name, cancellationToken);
        await ActivateAsync(projection, tableSet, cancellationToken);
        if (previous is not null && previous != tableSet) Stop(previous);
        _ = runner;
        return tableSet;
    }

    /// <summary>Clears a halted projection's failure (after the fix is deployed): it resumes from the failed event.</summary>
    public async Task<bool> ResumeAsync(string tableSet, CancellationToken cancellationToken)
    {
        await using var command = _store.DataSource.CreateCommand(
            $"UPDATE {ProjectionSchema.Schema}.checkpoints SET failed_position = NULL, failed_event_id = NULL, failed_error = NULL, failed_at = NULL WHERE table_set = $1 AND failed_position IS NOT NULL");
        command.Parameters.AddWithValue(tableSet);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Every table set's checkpoint, lag and failure, from the database (so it covers other processes too).</summary>
    public async Task<IReadOnlyList<ProjectionStatus>> StatusAsync(CancellationToken cancellationToken)
    {
        var head = await _store.ReadHeadAsync(cancellationToken);
        await using var command = _store.DataSource.CreateCommand($"""
            SELECT c.table_set, c.projection, c.position, a.table_set IS NOT NULL, c.failed_position, c.failed_event_id, c.failed_error, c.failed_at,
                   (SELECT recorded_at FROM {_store.Options.Schema}.events e WHERE e.position = c.position + 1)
            FROM {ProjectionSchema.Schema}.checkpoints c
            LEFT JOIN {ProjectionSchema.Schema}.active a ON a.table_set = c.table_set
            ORDER BY c.projection, c.table_set
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var statuses = new List<ProjectionStatus>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var oldestUnapplied = reader.IsDBNull(8) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(8);
            var lagSeconds = oldestUnapplied is { } t ? Math.Max(0, (DateTimeOffset.UtcNow - t).TotalSeconds) : 0;
            var failure = reader.IsDBNull(4) ? null : new ProjectionFailure(reader.GetInt64(4), reader.GetGuid(5), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7));
            statuses.Add(new ProjectionStatus(reader.GetString(1), reader.GetString(0), reader.GetBoolean(3), reader.GetInt64(2), head.Position, lagSeconds, failure));
        }
        return statuses;
    }

    /// <summary>Waits until the active table set of every projection has applied <paramref name="position"/>.</summary>
    public async Task WaitForAsync(long position, CancellationToken cancellationToken)
    {
        while (true)
        {
            var statuses = await StatusAsync(cancellationToken);
            if (statuses.Where(s => s.Active).All(s => s.Checkpoint >= position)) return;
            if (statuses.FirstOrDefault(s => s.Active && s.Failure is not null) is { } failed)
                throw new InvalidOperationException($"Projection {failed.TableSet} halted at position {failed.Failure!.Position}: {failed.Failure.Error}");
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>The table set's checkpoint; null before its runner has created it.</summary>
    private async Task<long?> CheckpointAsync(string tableSet, CancellationToken cancellationToken)
    {
        await using var command = _store.DataSource.CreateCommand($"SELECT position FROM {ProjectionSchema.Schema}.checkpoints WHERE table_set = $1");
        command.Parameters.AddWithValue(tableSet);
        return (long?)await command.ExecuteScalarAsync(cancellationToken);
    }

    private async Task<string> ActivateAsync(IProjection projection, string tableSet, CancellationToken cancellationToken)
    {
        await using var connection = await _store.DataSource.OpenConnectionAsync(cancellationToken);
        await projection.CreateAsync(connection, tableSet, cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"INSERT INTO {ProjectionSchema.Schema}.checkpoints (table_set, projection) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                {
                    Parameters = { new NpgsqlParameter { Value = tableSet }, new NpgsqlParameter { Value = projection.Name } },
                },
                new NpgsqlBatchCommand($"INSERT INTO {ProjectionSchema.Schema}.active (projection, table_set) VALUES ($1, $2) " +
                                       "ON CONFLICT (projection) DO UPDATE SET table_set = EXCLUDED.table_set, swapped_at = now()")
                {
                    Parameters = { new NpgsqlParameter { Value = projection.Name }, new NpgsqlParameter { Value = tableSet } },
                },
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return tableSet;
    }

    private ProjectionRunner Start(IProjection projection, string tableSet)
    {
        lock (_sync)
        {
            if (_running.TryGetValue(tableSet, out var existing)) return existing.Runner;
            var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping?.Token ?? CancellationToken.None);
            var runner = new ProjectionRunner(_store, projection, tableSet, _loggers.CreateLogger($"Ledger.Projections.{tableSet}"));
            var task = Task.Run(() => runner.RunAsync(stop.Token), stop.Token);
            _running[tableSet] = (runner, task, stop);
            return runner;
        }
    }

    private void Stop(string tableSet)
    {
        lock (_sync)
        {
            if (!_running.Remove(tableSet, out var entry)) return;
            entry.Stop.Cancel();
            entry.Stop.Dispose();
        }
    }

    private IEnumerable<Measurement<long>> ObserveLag()
    {
        List<ProjectionRunner> runners;
        lock (_sync) runners = _running.Values.Select(r => r.Runner).ToList();
        foreach (var runner in runners.Where(r => r.IsLeader))
            yield return new Measurement<long>(Math.Max(0, _store.LastKnownHead - runner.Checkpoint), new KeyValuePair<string, object?>("projection", runner.TableSet));
    }

    private Task? _disposal;

    /// <summary>Stops every runner; idempotent and safe to call concurrently.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_sync) _disposal ??= DisposeOnceAsync();
        return new ValueTask(_disposal);
    }

    private async Task DisposeOnceAsync()
    {
        if (Interlocked.Exchange(ref _stopping, null) is not { } stopping) return;
        await stopping.CancelAsync();
        List<Task> tasks;
        lock (_sync) tasks = _running.Values.Select(r => r.Task).ToList();
        foreach (var task in tasks)
        {
            try { await task; }
            catch (OperationCanceledException) { /* stopping */ }
        }
        stopping.Dispose();
    }
}
