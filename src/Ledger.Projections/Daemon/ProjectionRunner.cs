using System.Diagnostics;
using Ledger.Projections.Serialization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.Projections.Daemon;

/// <summary>
/// Keeps one table set of one projection current. Only the holder of a PostgreSQL advisory lock (session-level, on a
/// dedicated connection) applies events, so among several API processes exactly one works on a table set, and when it
/// dies its connection closes, the lock is released and another process takes over at its next attempt (every
/// <see cref="RetryDelay"/>). Each batch and its checkpoint commit in one transaction: an effect is applied exactly
/// once across crashes. A batch that throws is replayed event by event to find the event at fault, which is recorded
/// (position, event id, error) and stops the runner there: no event is ever skipped. Clearing the failure resumes it.
/// </summary>
public sealed class ProjectionRunner(EventStore.EventStore store, IProjection projection, string tableSet, ILogger logger)
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private const int BatchSize = 1_000;
    private static readonly TimeSpan CoalesceDelay = TimeSpan.FromMilliseconds(25);

    /// <summary>While catching up (a rebuild, a restart after downtime) larger transactions amortise the per-batch cost.</summary>
    public const int DefaultCatchUpBatchSize = 20_000;

    /// <summary>Positions per batch while catching up (see <see cref="DefaultCatchUpBatchSize"/>); tests make it small to exercise many batches.</summary>
    public int CatchUpBatchSize { get; init; } = DefaultCatchUpBatchSize;

    /// <summary>
    /// A bulk import and the projections fight over the same cores, and each projection batch written while the log
    /// grows under it is small; so while bulk imports keep arriving (a notice within this period) the runner holds back,
    /// then catches up in large batches once the import is quiet. Both finish sooner than when they compete.
    /// </summary>
    public static readonly TimeSpan DefaultBulkQuietPeriod = TimeSpan.FromMilliseconds(500);

    /// <summary>See <see cref="DefaultBulkQuietPeriod"/>; tests on loaded machines lengthen it so that their imports stay "running".</summary>
    public TimeSpan BulkQuietPeriod { get; init; } = DefaultBulkQuietPeriod;

    /// <summary>Smaller bulk writes (the demo loader's steps between snapshots) are followed at once, like appends.</summary>
    public const int HoldBackFromEvents = 1_000;

    /// <summary>Never hold back longer than this in a row: a never-ending import still sees its projections advance.</summary>
    private static readonly TimeSpan MaxHoldBack = TimeSpan.FromSeconds(30);

    private long _bulkNoticeAt;
    private long _holdingSince;

    private readonly string? _typeFilter = DecodedLog.TypeFilter(projection.EventTypes);

    public string TableSet { get; } = tableSet;
    public IProjection Projection { get; } = projection;

    /// <summary>True while this process holds the table set's lock.</summary>
    public bool IsLeader { get; private set; }

    /// <summary>Last position applied by this process (for lag metrics without a query).</summary>
    public long Checkpoint { get; private set; }

    /// <summary>Raised after each committed batch with the new checkpoint (tests and rebuilds wait on it).</summary>
    public event Action<long>? Advanced;

    /// <summary>Runs until cancelled or, when <paramref name="stopAt"/> is given, until the checkpoint reaches it.</summary>
    public async Task RunAsync(CancellationToken cancellationToken, long? stopAt = null)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await LeadAsync(stopAt, cancellationToken)) return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is NpgsqlException or IOException or TimeoutException)
            {
                logger.LogWarning("Projection {TableSet} lost its database connection ({Error}); retrying", TableSet, ex.Message);
            }
            finally
            {
                IsLeader = false;
            }
            await Task.Delay(RetryDelay, cancellationToken);
        }
    }

    /// <returns>True when <paramref name="stopAt"/> was reached.</returns>
    private async Task<bool> LeadAsync(long? stopAt, CancellationToken cancellationToken)
    {
        await using var leader = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", leader))
        {
            tryLock.Parameters.AddWithValue($"ledger-projection:{TableSet}");
            if (!(bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!) return false;
        }
        IsLeader = true;
        leader.Notification += (_, notice) =>
        {
            if (IsLargeBulkImport(notice.Payload)) Interlocked.Exchange(ref _bulkNoticeAt, Stopwatch.GetTimestamp());
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {store.Options.Schema}_events", leader))
            await listen.ExecuteNonQueryAsync(cancellationToken);
        await EnsureTablesAsync(cancellationToken);
        logger.LogInformation("Projection {TableSet} is applying events (this process holds its lock)", TableSet);

        // While catching up, the next batch is read and decoded while the current one is applied (the read is mostly
        // PostgreSQL's work, the apply mostly ours): a rebuild's reading then costs little beyond its writing.
        (long After, Task<ProjectionBatch> Batch)? ahead = null;
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var (checkpoint, failed) = await ReadCheckpointAsync(cancellationToken);
                Checkpoint = checkpoint;
                if (stopAt is { } end && checkpoint >= end) return true;
                if (failed)
                {
                    // Halted on an event: wait for an operator to clear the failure (after a fix), then resume from here.
                    await leader.WaitAsync(RetryDelay, cancellationToken);
                    continue;
                }
                if (stopAt is null && await HoldBackForBulkImportAsync(leader, cancellationToken)) continue;
                ProjectionBatch batch;
                if (ahead is { } next && next.After == checkpoint) batch = await next.Batch;
                else
                {
                    await ForgetAsync(ahead);
                    var upTo = await RangeEndAsync(checkpoint, stopAt, cancellationToken);
                    batch = upTo > checkpoint ? await ReadAsync(checkpoint, upTo, stopReading.Token) : new ProjectionBatch(checkpoint, checkpoint, []);
                }
                ahead = null;
                if (batch.To == checkpoint)
                {
                    // Woken by a commit: wait a moment so that the commits of the next few milliseconds share one
                    // transaction here, instead of one read-model transaction (and fsync) per append.
                    if (await leader.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken)) await Task.Delay(CoalesceDelay, cancellationToken);
                    continue;
                }
                if (batch.To - batch.After >= CatchUpBatchSize && await RangeEndAsync(batch.To, stopAt, cancellationToken) is var nextEnd && nextEnd > batch.To)
                {
                    var after = batch.To;
                    ahead = (after, ReadAsync(after, nextEnd, stopReading.Token));
                }
                if (await TryApplyAsync(batch, cancellationToken))
                {
                    // Following a busy log, a small batch is followed by a pause as when woken by a commit: otherwise
                    // every few appends cost a read-model transaction of their own (measured under 16 HTTP writers:
                    // ~170 transactions a second). A full batch means the daemon is behind: go on at once.
                    if (stopAt is null && batch.To - batch.After < BatchSize) await Task.Delay(CoalesceDelay, cancellationToken);
                    continue;
                }
                // Find the event at fault: apply one by one, each with its checkpoint.
                foreach (var single in batch.OnePerEvent())
                {
                    if (!await TryApplyAsync(single, cancellationToken, recordFailure: true)) break;
                }
            }
        }
        finally
        {
            await stopReading.CancelAsync();
            await ForgetAsync(ahead);
        }
        return false;
    }

    /// <summary>
    /// The end of the next batch after <paramref name="after"/>: a batch's worth of positions (a larger one while catching
    /// up), never beyond the head as last read (every position up to it is committed, so a range read sees all of it).
    /// </summary>
    private async Task<long> RangeEndAsync(long after, long? stopAt, CancellationToken cancellationToken)
    {
        var limit = stopAt ?? long.MaxValue;
        if (store.LastKnownHead < Math.Min(limit, after + CatchUpBatchSize)) await store.ReadHeadAsync(cancellationToken);
        var head = store.LastKnownHead;
        var following = Math.Min(BatchSize, CatchUpBatchSize);
        var size = head - after > following ? CatchUpBatchSize : following;
        return Math.Min(Math.Min(after + size, limit), head);
    }

    /// <summary>
    /// Reads positions (<paramref name="after"/>, <paramref name="upTo"/>] decoded, off the calling thread: the reads are
    /// synchronous (see <see cref="DecodedLog"/>), and a catch-up range, which blocks for a while, gets a thread of its
    /// own rather than one of the pool's few, which the apply's continuations need.
    /// </summary>
    private Task<ProjectionBatch> ReadAsync(long after, long upTo, CancellationToken cancellationToken) => Task.Factory.StartNew(() =>
    {
        using var connection = store.DataSource.OpenConnection();
        var events = new List<DecodedEvent>((int)Math.Min(upTo - after, CatchUpBatchSize));
        DecodedLog.ReadRange(store, connection, after + 1, upTo, _typeFilter, events.Add, cancellationToken);
        return new ProjectionBatch(after, upTo, events);
    }, cancellationToken, upTo - after >= CatchUpBatchSize ? TaskCreationOptions.LongRunning : TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);

    /// <summary>A read-ahead that will not be used (the checkpoint did not move as expected, or the runner stops).</summary>
    private static async Task ForgetAsync((long After, Task<ProjectionBatch> Batch)? ahead)
    {
        if (ahead is not { } unused) return;
        try
        {
            await unused.Batch;
        }
        catch (Exception ex) when (ex is OperationCanceledException or NpgsqlException or IOException)
        {
            // Read again when needed; a real fault shows up there.
        }
    }

    private static bool IsLargeBulkImport(string payload)
    {
        var prefix = EventStore.EventStore.BulkImportNotice;
        if (!payload.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var count = payload.AsSpan(prefix.Length);
        var colon = count.IndexOf(':');
        return colon > 0 && int.TryParse(count[..colon], System.Globalization.CultureInfo.InvariantCulture, out var events) && events >= HoldBackFromEvents;
    }

    /// <returns>True after waiting because a bulk import is running (the caller loops and looks again).</returns>
    private async Task<bool> HoldBackForBulkImportAsync(NpgsqlConnection leader, CancellationToken cancellationToken)
    {
        // Notices are raised while the connection reads; one round trip picks up those that came in while applying.
        await using (var poll = new NpgsqlCommand("SELECT 1", leader)) await poll.ExecuteScalarAsync(cancellationToken);
        var noticeAt = Interlocked.Read(ref _bulkNoticeAt);
        var quietFor = noticeAt == 0 ? TimeSpan.MaxValue : Stopwatch.GetElapsedTime(noticeAt);
        if (quietFor >= BulkQuietPeriod)
        {
            _holdingSince = 0;
            return false;
        }
        if (_holdingSince == 0) _holdingSince = Stopwatch.GetTimestamp();
        else if (Stopwatch.GetElapsedTime(_holdingSince) > MaxHoldBack)
        {
            _holdingSince = 0; // apply one batch, then hold back again
            return false;
        }
        await leader.WaitAsync(ListenTimeout(BulkQuietPeriod - quietFor), cancellationToken);
        return true;
    }

    /// <summary>
    /// A wait of at least <paramref name="left"/> that Npgsql honours: it passes whole milliseconds to the socket, and a
    /// timeout under one millisecond becomes 0, which means "wait forever" — after the last batch of an import that
    /// stalled the runner until the next commit. Rounded up, never below 1 ms.
    /// </summary>
    public static TimeSpan ListenTimeout(TimeSpan left) => TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(left.TotalMilliseconds)));

    private async Task<bool> TryApplyAsync(ProjectionBatch batch, CancellationToken cancellationToken, bool recordFailure = false)
    {
        using var activity = Telemetry.Source.StartActivity($"projection {TableSet}");
        activity?.SetTag("ledger.events", batch.Count);
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await Projection.ApplyAsync(connection, TableSet, batch, cancellationToken);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or NpgsqlException { IsTransient: true } or IOException))
        {
            try
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
            catch (Exception rollback) when (rollback is ObjectDisposedException or InvalidOperationException or NpgsqlException)
            {
                // A failed COPY can leave the transaction unusable; the failure below matters, not the rollback's.
            }
            if (recordFailure) await RecordFailureAsync(batch[0], ex, cancellationToken);
            return false;
        }
        var last = batch.To;
        await using (var move = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                // Read models are derived data: their commit need not wait for its WAL flush, as the appends' commits do.
                // A crash can only lose whole transactions here, facts and checkpoint together, and the runner applies
                // them again from the checkpoint that survived. Meanwhile no append's commit queues behind this flush.
                new NpgsqlBatchCommand("SET LOCAL synchronous_commit TO off"),
                new NpgsqlBatchCommand($"UPDATE {ProjectionSchema.Schema}.checkpoints SET position = $2, updated_at = now() WHERE table_set = $1 AND position = $3")
                {
                    Parameters = { new NpgsqlParameter { Value = TableSet }, new NpgsqlParameter { Value = last }, new NpgsqlParameter { Value = batch.After } },
                },
            },
        })
        {
            await move.ExecuteNonQueryAsync(cancellationToken);
            // Guard: if the checkpoint moved under us (a second runner without the lock?), write nothing.
            if (move.BatchCommands[1].RecordsAffected != 1)
                throw new InvalidOperationException($"Checkpoint of {TableSet} is not at {batch.After}: refusing to apply twice.");
        }
        await transaction.CommitAsync(cancellationToken);
        Checkpoint = last;
        Advanced?.Invoke(last);
        return true;
    }

    private async Task RecordFailureAsync(DecodedEvent e, Exception error, CancellationToken cancellationToken)
    {
        logger.LogError(error, "Projection {TableSet} halted at position {Position} (event {EventId}, {Type})", TableSet, e.Position, e.EventId, e.EventType);
        await using var command = store.DataSource.CreateCommand(
            $"UPDATE {ProjectionSchema.Schema}.checkpoints SET failed_position = $2, failed_event_id = $3, failed_error = $4, failed_at = now() WHERE table_set = $1");
        command.Parameters.AddWithValue(TableSet);
        command.Parameters.AddWithValue(e.Position);
        command.Parameters.AddWithValue(e.EventId);
        command.Parameters.AddWithValue($"{error.GetType().Name}: {error.Message}");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await Projection.CreateAsync(connection, TableSet, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {ProjectionSchema.Schema}.checkpoints (table_set, projection) VALUES ($1, $2) ON CONFLICT DO NOTHING", connection);
        command.Parameters.AddWithValue(TableSet);
        command.Parameters.AddWithValue(Projection.Name);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<(long Position, bool Failed)> ReadCheckpointAsync(CancellationToken cancellationToken)
    {
        await using var command = store.DataSource.CreateCommand(
            $"SELECT position, failed_position IS NOT NULL FROM {ProjectionSchema.Schema}.checkpoints WHERE table_set = $1");
        command.Parameters.AddWithValue(TableSet);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetBoolean(1));
    }
}

internal static class Telemetry
{
    public static readonly ActivitySource Source = new("Ledger");
}
