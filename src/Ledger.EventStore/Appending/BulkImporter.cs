using Ledger.EventStore.Hashing;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.EventStore.Appending;

/// <summary>
/// The bulk path for importing history: binary COPY in chunks of <see cref="EventStoreOptions.BulkChunkSize"/> events,
/// each chunk one transaction, hashed on the client (content digests in parallel, the chain in order), so the log stays
/// chained and gap-free. Events go to streams as with <see cref="ExpectedVersion.Any"/>. Idempotent: ids already
/// stored with the same content are skipped, so an interrupted import can simply be re-run.
/// <para>
/// Chunks are pipelined: a chunk that follows one still being written builds on that one's <see cref="BulkChunkPlan"/>
/// (the head and stream versions it will leave) and COPYs its rows without the head lock, so two COPYs overlap. It then
/// waits for its predecessor's commit and takes the head lock with NOWAIT: only if the lock is free and the head is
/// exactly the planned one does it move the head and commit. Anything else (another writer got in first, the plan was
/// wrong, an id already stored) rolls the chunk back and writes it again the serial way, under the lock from the start.
/// Never waiting for the head lock while holding rows is what keeps this free of deadlocks with ordinary appends.
/// </para>
/// </summary>
internal sealed class BulkImporter(NpgsqlDataSource dataSource, EventStoreOptions options, BulkCounters counters)
{
    private const string UniqueViolation = "23505";
    private const string LockNotAvailable = "55P03";
    private const string DeadlockDetected = "40P01";

    public async Task<BulkImportResult> ImportAsync(IAsyncEnumerable<(string StreamId, EventData Event)> source, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var total = BulkImportResult.None;
        // Preparing (validation, canonical JSON) of chunk n + 2 overlaps the COPYs of chunks n and n + 1.
        BulkChunkWrite? older = null, newer = null;
        var chunk = new List<(string StreamId, EventData Event)>(options.BulkChunkSize);
        try
        {
            await foreach (var item in source.WithCancellation(cancellationToken))
            {
                chunk.Add(item);
                if (chunk.Count < options.BulkChunkSize) continue;
                await HandOverAsync(chunk);
                chunk = new List<(string StreamId, EventData Event)>(options.BulkChunkSize);
            }
            if (chunk.Count > 0) await HandOverAsync(chunk);
            if (older is not null) Account(await older.Done);
            if (newer is not null) Account(await newer.Done);
            return total;
        }
        finally
        {
            // A failure leaves a write in flight: let it end (it fails too, its predecessor having failed) unobserved.
            foreach (var write in new[] { older, newer })
                if (write is not null && !write.Done.IsCompleted) await write.Done.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        async Task HandOverAsync(List<(string StreamId, EventData Event)> full)
        {
            var prepared = await Task.Run(() => Prepare(full, cancellationToken), cancellationToken);
            // At most two chunks in flight: the one before the previous must have committed.
            if (older is not null) Account(await older.Done);
            older = newer;
            newer = Start(prepared.Events, prepared.Skipped, older, cancellationToken);
        }

        void Account(BulkImportResult r)
        {
            total = total.Then(r);
            progress?.Report(total.Imported + total.Skipped);
        }
    }

    /// <summary>
    /// A batch prepared ahead (<see cref="EventStore.PrepareBulk"/>), written in chunks of the usual size, behind
    /// <paramref name="after"/> when given (its chunks commit first; if it fails, this batch fails and writes nothing).
    /// </summary>
    public PendingBulkImport Start(PreparedBulk batch, PendingBulkImport? after, CancellationToken cancellationToken)
    {
        var chunks = batch.Events.Chunk(options.BulkChunkSize).ToList();
        if (chunks.Count == 0) chunks.Add([]);
        var writes = new List<BulkChunkWrite>(chunks.Count);
        var previous = after?.LastChunk;
        foreach (var chunk in chunks)
        {
            var write = Start([.. chunk], writes.Count == 0 ? batch.Skipped : 0, previous, cancellationToken);
            writes.Add(write);
            previous = write;
        }
        return new PendingBulkImport(writes[^1], Sum(writes));

        static async Task<BulkImportResult> Sum(List<BulkChunkWrite> writes)
        {
            var total = BulkImportResult.None;
            foreach (var write in writes) total = total.Then(await write.Done);
            return total;
        }
    }

    public PreparedBulk Prepare(IReadOnlyList<(string StreamId, EventData Event)> chunk, CancellationToken cancellationToken)
    {
        var prepared = new (string StreamId, PreparedEvent Event)[chunk.Count];
        try
        {
            Parallel.For(0, chunk.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                prepared[i] = (chunk[i].StreamId, AppendValidator.Prepare(chunk[i].StreamId, [chunk[i].Event], options)[0]));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            // Surface the validation error itself (e.g. InvalidAppendException), not the parallel loop's wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }
        var unique = DeduplicateWithinChunk(prepared, out var skipped);
        return new PreparedBulk(unique, skipped);
    }

    private static List<(string StreamId, PreparedEvent Event)> DeduplicateWithinChunk((string StreamId, PreparedEvent Event)[] prepared, out long skipped)
    {
        skipped = 0;
        var seen = new Dictionary<Guid, (string StreamId, PreparedEvent Event)>();
        var unique = new List<(string StreamId, PreparedEvent Event)>(prepared.Length);
        foreach (var item in prepared)
        {
            if (seen.TryGetValue(item.Event.EventId, out var earlier))
            {
                if (earlier.StreamId != item.StreamId || !SameContent(earlier.Event, item.Event))
                    throw new IdempotencyConflictException(item.Event.EventId, "the import holds the same event id twice with different content");
                skipped++;
                continue;
            }
            seen.Add(item.Event.EventId, item);
            unique.Add(item);
        }
        return unique;
    }

    private static bool SameContent(PreparedEvent a, PreparedEvent b) =>
        a.EventType == b.EventType && a.SchemaVersion == b.SchemaVersion && a.CanonicalData.AsSpan().SequenceEqual(b.CanonicalData) && a.Actor == b.Actor
        && a.CorrelationId == b.CorrelationId && a.CausationId == b.CausationId && a.OccurredAt == b.OccurredAt;

    private BulkChunkWrite Start(List<(string StreamId, PreparedEvent Event)> unique, long skippedInChunk, BulkChunkWrite? after, CancellationToken cancellationToken)
    {
        var self = new BulkChunkWrite();
        self.Done = WriteChunkAsync(unique, skippedInChunk, after, self, cancellationToken);
        return self;
    }

    private async Task<BulkImportResult> WriteChunkAsync(
        List<(string StreamId, PreparedEvent Event)> unique, long skippedInChunk, BulkChunkWrite? after, BulkChunkWrite self, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield(); // the caller goes on preparing while this chunk is written
            if (after is not null && await TryBehindAsync(unique, after, self, cancellationToken) is { } pipelined)
                return pipelined with { Skipped = pipelined.Skipped + skippedInChunk };
            if (after is not null)
            {
                if (self.Plan.IsCompleted) counters.CountReplanned(); // it had started behind its predecessor
                self.Abandon();
                await FollowAsync(after);
            }
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var result = await WriteSeriallyAsync(unique, filterStored: false, self, cancellationToken);
                    return result with { Skipped = result.Skipped + skippedInChunk };
                }
                catch (PostgresException ex) when (ex.SqlState == UniqueViolation && ex.ConstraintName?.Contains("event_id", StringComparison.Ordinal) == true)
                {
                    // Some ids are already stored (a re-run). The fast path assumed none were; take the careful one.
                    self.Abandon();
                    var result = await WriteSeriallyAsync(unique, filterStored: true, self, cancellationToken);
                    return result with { Skipped = result.Skipped + skippedInChunk };
                }
                catch (PostgresException ex) when (ex.SqlState == DeadlockDetected && attempt < 3)
                {
                    // A chunk still rolling back behind this one held a row this one needed: it is gone now.
                    self.Abandon();
                }
            }
        }
        finally
        {
            self.Unplanned();
        }
    }

    /// <summary>Waits for the chunk this one follows to commit; its failure is this chunk's too.</summary>
    private static async Task FollowAsync(BulkChunkWrite after)
    {
        try
        {
            await after.Done;
        }
        catch (Exception ex)
        {
            throw new BulkPredecessorFailedException(ex);
        }
    }

    /// <summary>
    /// Writes the chunk behind <paramref name="after"/> while that one is still being written (see the class summary).
    /// Null when it could not, having written nothing: the caller writes the chunk serially.
    /// </summary>
    private async Task<BulkImportResult?> TryBehindAsync(
        List<(string StreamId, PreparedEvent Event)> events, BulkChunkWrite after, BulkChunkWrite self, CancellationToken cancellationToken)
    {
        if (events.Count == 0 || await after.Plan is not { } plan) return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            // Read before the predecessor is known to have committed: its rows may be invisible, so its plan wins.
            var predecessorCommitted = after.Done.IsCompletedSuccessfully;
            // Streams the predecessor wrote are at the version its plan says (its commit is checked against the plan
            // below, through the head); only the others are read. (Guessing those from earlier commits instead, and
            // relying on the unique index to catch a wrong guess, was measured slower: 3 runs of each.)
            var streams = events.Select(e => e.StreamId).Distinct().ToArray();
            var versions = await StreamVersionsAsync(connection, transaction, [.. streams.Where(s => !plan.Versions.ContainsKey(s))], cancellationToken);
            foreach (var stream in streams)
                if (plan.Versions.TryGetValue(stream, out var planned)) versions[stream] = planned;
            var rows = Plan(events, plan.Head, versions);
            self.Planned(new BulkChunkPlan(rows.NewHead, predecessorCommitted ? versions : Merge(plan.Versions, versions)));

            await CopyAsync(connection, events, rows, cancellationToken);
            // The predecessor commits as planned, or is written again (then roll back at once: see Abandoned), or fails.
            if (await Task.WhenAny(after.Done, after.Abandoned) != after.Done) return null;
            await FollowAsync(after);
            var head = await Reading.HeadRow.ReadAsync(connection, transaction, options.Schema, forUpdate: true, cancellationToken, nowait: true);
            if (head.Position != plan.Head.Position || !head.Hash.AsSpan().SequenceEqual(plan.Head.Hash)) return null;
            await MoveHeadAsync(connection, transaction, events.Count, rows.NewHead, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            counters.CountPipelined();
            return new BulkImportResult(events.Count, 0, plan.Head.Position + 1, rows.NewHead.Position);
        }
        catch (PostgresException ex) when (ex.SqlState is UniqueViolation or LockNotAvailable or DeadlockDetected)
        {
            // Another writer got in, or an id is already stored: nothing of this attempt stays (the transaction is
            // rolled back on dispose); the serial path sorts it out.
            return null;
        }
    }

    private static Dictionary<string, long> Merge(IReadOnlyDictionary<string, long> earlier, Dictionary<string, long> later)
    {
        var merged = new Dictionary<string, long>(earlier, StringComparer.Ordinal);
        foreach (var (stream, version) in later) merged[stream] = version;
        return merged;
    }

    /// <summary>Positions, stream versions, recording time and chain hashes of a chunk written after <paramref name="head"/>.</summary>
    private sealed record ChunkRows(long HeadPosition, long[] StreamVersions, DateTimeOffset RecordedAt, byte[][] Hashes, LogHead NewHead);

    /// <summary>Numbers and hashes the chunk after <paramref name="head"/>; <paramref name="versions"/> ends at the chunk's last versions.</summary>
    private ChunkRows Plan(List<(string StreamId, PreparedEvent Event)> events, LogHead head, Dictionary<string, long> versions)
    {
        var now = Timestamps.Truncate(options.Clock.GetUtcNow());
        var recordedAt = now < head.RecordedAt ? head.RecordedAt : now;
        var streamVersions = new long[events.Count];
        for (var i = 0; i < events.Count; i++)
            streamVersions[i] = versions[events[i].StreamId] = versions[events[i].StreamId] + 1;

        // One pass, on this thread: the chunk behind may be copying meanwhile, and the cores are shared with the server.
        var hashes = new byte[events.Count][];
        var previous = head.Hash;
        Span<byte> digest = stackalloc byte[EventHasher.HashSize];
        for (var i = 0; i < events.Count; i++)
        {
            var (streamId, e) = events[i];
            EventHasher.ContentDigest(head.Position + i + 1, streamVersions[i], e.EventId, e.SchemaVersion, e.OccurredAt, recordedAt,
                streamId, e.EventType, e.Actor, e.CorrelationId, e.CausationId, e.CanonicalData, digest);
            var hash = new byte[EventHasher.HashSize];
            EventHasher.Chain(previous, digest, hash);
            hashes[i] = previous = hash;
        }
        var newHead = events.Count == 0 ? head : new LogHead(head.Position + events.Count, previous, recordedAt);
        return new ChunkRows(head.Position, streamVersions, recordedAt, hashes, newHead);
    }

    /// <summary>The chunk under the head lock from the start: what a chunk with no predecessor in flight does.</summary>
    private async Task<BulkImportResult> WriteSeriallyAsync(
        List<(string StreamId, PreparedEvent Event)> events, bool filterStored, BulkChunkWrite self, CancellationToken cancellationToken)
    {
        var schema = options.Schema;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var head = await Reading.HeadRow.ReadAsync(connection, transaction, schema, forUpdate: true, cancellationToken);

        long skipped = 0;
        if (filterStored)
        {
            var stored = await StoredContentAsync(connection, transaction, events.Select(e => e.Event.EventId).ToArray(), cancellationToken);
            var remaining = new List<(string StreamId, PreparedEvent Event)>(events.Count);
            foreach (var item in events)
            {
                if (!stored.TryGetValue(item.Event.EventId, out var s)) { remaining.Add(item); continue; }
                if (!item.Event.SameContentAs(s, item.StreamId))
                    throw new IdempotencyConflictException(item.Event.EventId, "the stored event has a different stream, type, data or metadata");
                skipped++;
            }
            events = remaining;
        }
        var versions = await StreamVersionsAsync(connection, transaction, events.Select(e => e.StreamId).Distinct().ToArray(), cancellationToken);
        var rows = Plan(events, head, versions);
        self.Planned(new BulkChunkPlan(rows.NewHead, versions));
        if (events.Count == 0)
            return new BulkImportResult(0, skipped, 0, 0);

        await CopyAsync(connection, events, rows, cancellationToken);
        await MoveHeadAsync(connection, transaction, events.Count, rows.NewHead, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        counters.CountSerial();
        return new BulkImportResult(events.Count, skipped, head.Position + 1, rows.NewHead.Position);
    }

    private async Task CopyAsync(NpgsqlConnection connection, List<(string StreamId, PreparedEvent Event)> events, ChunkRows rows, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {options.Schema}.events (position, stream_id, stream_version, event_id, event_type, schema_version, data, actor, " +
            "correlation_id, causation_id, occurred_at, recorded_at, hash) FROM STDIN (FORMAT BINARY)", cancellationToken);
        // Synchronous column writes: one async state machine per column would cost more than the COPY itself.
        for (var i = 0; i < events.Count; i++)
        {
            var (streamId, e) = events[i];
            importer.StartRow();
            importer.Write(rows.HeadPosition + i + 1, NpgsqlDbType.Bigint);
            importer.Write(streamId, NpgsqlDbType.Text);
            importer.Write(rows.StreamVersions[i], NpgsqlDbType.Bigint);
            importer.Write(e.EventId, NpgsqlDbType.Uuid);
            importer.Write(e.EventType, NpgsqlDbType.Text);
            importer.Write(e.SchemaVersion, NpgsqlDbType.Integer);
            importer.Write(new ReadOnlyMemory<byte>(e.CanonicalData), NpgsqlDbType.Jsonb); // UTF-8 as is: no string round trip
            importer.Write(e.Actor, NpgsqlDbType.Text);
            WriteNullable(importer, e.CorrelationId);
            WriteNullable(importer, e.CausationId);
            importer.Write(e.OccurredAt, NpgsqlDbType.TimestampTz);
            importer.Write(rows.RecordedAt, NpgsqlDbType.TimestampTz);
            importer.Write(rows.Hashes[i], NpgsqlDbType.Bytea);
        }
        await importer.CompleteAsync(cancellationToken);
    }

    private async Task MoveHeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int count, LogHead newHead, CancellationToken cancellationToken)
    {
        var schema = options.Schema;
        await using var update = new NpgsqlCommand(
            $"WITH moved AS (UPDATE {schema}.head SET position = $1, hash = $2, recorded_at = $3 WHERE id = 1 RETURNING position) " +
            $"SELECT pg_notify('{schema}_events', '{EventStore.BulkImportNotice}{count}:' || position::text) FROM moved", connection, transaction);
        update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = newHead.Position });
        update.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = newHead.Hash });
        update.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = newHead.RecordedAt });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void WriteNullable(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null) importer.WriteNull();
        else importer.Write(value, NpgsqlDbType.Text);
    }

    private async Task<Dictionary<string, long>> StreamVersionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] streams, CancellationToken cancellationToken)
    {
        var versions = streams.ToDictionary(s => s, _ => 0L, StringComparer.Ordinal);
        if (streams.Length == 0) return versions;
        await using var command = new NpgsqlCommand(
            $"SELECT stream_id, max(stream_version) FROM {options.Schema}.events WHERE stream_id = ANY($1) GROUP BY stream_id", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = streams });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            versions[reader.GetString(0)] = reader.GetInt64(1);
        return versions;
    }

    private async Task<Dictionary<Guid, StoredEvent>> StoredContentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] ids, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<Guid, StoredEvent>();
        await using var command = new NpgsqlCommand(
            $"SELECT {Reading.EventRows.Columns} FROM {options.Schema}.events WHERE event_id = ANY($1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var e = Reading.EventRows.Read(reader);
            stored[e.EventId] = e;
        }
        return stored;
    }
}
