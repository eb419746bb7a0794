using Ledger.EventStore.Hashing;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.EventStore.Appending;

/// <summary>
/// The bulk path for importing history: binary COPY in chunks of <see cref="EventStoreOptions.BulkChunkSize"/> events,
/// each chunk one transaction under the head lock, hashed on the client (content digests in parallel, the chain in
/// order), so the log stays chained and gap-free. Events go to streams as with <see cref="ExpectedVersion.Any"/>.
/// Idempotent: ids already stored with the same content are skipped, so an interrupted import can simply be re-run.
/// </summary>
internal sealed class BulkImporter(NpgsqlDataSource dataSource, EventStoreOptions options)
{
    private const string UniqueViolation = "23505";

    public async Task<BulkImportResult> ImportAsync(IAsyncEnumerable<(string StreamId, EventData Event)> source, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        long imported = 0, skipped = 0, first = 0, last = 0;
        // Preparing (validation, canonical JSON) of chunk n + 1 overlaps the COPY of chunk n.
        Task<BulkImportResult>? writing = null;
        var chunk = new List<(string StreamId, EventData Event)>(options.BulkChunkSize);
        await foreach (var item in source.WithCancellation(cancellationToken))
        {
            chunk.Add(item);
            if (chunk.Count < options.BulkChunkSize) continue;
            writing = await HandOverAsync(chunk, writing);
            chunk = new List<(string StreamId, EventData Event)>(options.BulkChunkSize);
        }
        if (chunk.Count > 0) writing = await HandOverAsync(chunk, writing);
        if (writing is not null) Account(await writing);
        return new BulkImportResult(imported, skipped, first, last);

        async Task<Task<BulkImportResult>> HandOverAsync(List<(string StreamId, EventData Event)> full, Task<BulkImportResult>? previous)
        {
            var prepared = await Task.Run(() => Prepare(full, cancellationToken), cancellationToken);
            if (previous is not null) Account(await previous);
            return WriteChunkAsync(prepared.Events, prepared.Skipped, cancellationToken);
        }

        void Account(BulkImportResult r)
        {
            imported += r.Imported;
            skipped += r.Skipped;
            if (r.Imported > 0)
            {
                if (first == 0) first = r.FirstPosition;
                last = r.LastPosition;
            }
            progress?.Report(imported + skipped);
        }
    }

    /// <summary>A batch prepared ahead (<see cref="EventStore.PrepareBulk"/>), written in chunks of the usual size.</summary>
    public async Task<BulkImportResult> WriteAsync(PreparedBulk batch, CancellationToken cancellationToken)
    {
        long imported = 0, skipped = batch.Skipped, first = 0, last = 0;
        foreach (var chunk in batch.Events.Chunk(options.BulkChunkSize))
        {
            var r = await WriteChunkAsync([.. chunk], 0, cancellationToken);
            imported += r.Imported;
            skipped += r.Skipped;
            if (r.Imported == 0) continue;
            if (first == 0) first = r.FirstPosition;
            last = r.LastPosition;
        }
        return new BulkImportResult(imported, skipped, first, last);
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

    private async Task<BulkImportResult> WriteChunkAsync(List<(string StreamId, PreparedEvent Event)> unique, long skippedInChunk, CancellationToken cancellationToken)
    {
        try
        {
            var result = await WriteAsync(unique, filterStored: false, cancellationToken);
            return result with { Skipped = result.Skipped + skippedInChunk };
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation && ex.ConstraintName?.Contains("event_id", StringComparison.Ordinal) == true)
        {
            // Some ids are already stored (a re-run). The fast path assumed none were; take the careful one.
            var result = await WriteAsync(unique, filterStored: true, cancellationToken);
            return result with { Skipped = result.Skipped + skippedInChunk };
        }
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

    private async Task<BulkImportResult> WriteAsync(List<(string StreamId, PreparedEvent Event)> events, bool filterStored, CancellationToken cancellationToken)
    {
        var schema = options.Schema;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var (headPosition, headHash, headRecordedAt) = await Reading.HeadRow.ReadAsync(connection, transaction, schema, forUpdate: true, cancellationToken);

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
        if (events.Count == 0)
            return new BulkImportResult(0, skipped, 0, 0);

        var versions = await StreamVersionsAsync(connection, transaction, events.Select(e => e.StreamId).Distinct().ToArray(), cancellationToken);
        var now = Timestamps.Truncate(options.Clock.GetUtcNow());
        var recordedAt = now < headRecordedAt ? headRecordedAt : now;

        var streamVersions = new long[events.Count];
        for (var i = 0; i < events.Count; i++)
            streamVersions[i] = versions[events[i].StreamId] = versions[events[i].StreamId] + 1;

        var digests = new byte[events.Count][];
        Parallel.For(0, events.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var (streamId, e) = events[i];
            var digest = new byte[EventHasher.HashSize];
            EventHasher.ContentDigest(headPosition + i + 1, streamVersions[i], e.EventId, e.SchemaVersion, e.OccurredAt, recordedAt,
                streamId, e.EventType, e.Actor, e.CorrelationId, e.CausationId, e.CanonicalData, digest);
            digests[i] = digest;
        });
        var hashes = new byte[events.Count][];
        var previous = headHash;
        for (var i = 0; i < events.Count; i++)
        {
            var hash = new byte[EventHasher.HashSize];
            EventHasher.Chain(previous, digests[i], hash);
            hashes[i] = previous = hash;
        }

        await using (var importer = await connection.BeginBinaryImportAsync(
            $"COPY {schema}.events (position, stream_id, stream_version, event_id, event_type, schema_version, data, actor, " +
            "correlation_id, causation_id, occurred_at, recorded_at, hash) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            // Synchronous column writes: one async state machine per column would cost more than the COPY itself.
            for (var i = 0; i < events.Count; i++)
            {
                var (streamId, e) = events[i];
                importer.StartRow();
                importer.Write(headPosition + i + 1, NpgsqlDbType.Bigint);
                importer.Write(streamId, NpgsqlDbType.Text);
                importer.Write(streamVersions[i], NpgsqlDbType.Bigint);
                importer.Write(e.EventId, NpgsqlDbType.Uuid);
                importer.Write(e.EventType, NpgsqlDbType.Text);
                importer.Write(e.SchemaVersion, NpgsqlDbType.Integer);
                importer.Write(new ReadOnlyMemory<byte>(e.CanonicalData), NpgsqlDbType.Jsonb); // UTF-8 as is: no string round trip
                importer.Write(e.Actor, NpgsqlDbType.Text);
                WriteNullable(importer, e.CorrelationId);
                WriteNullable(importer, e.CausationId);
                importer.Write(e.OccurredAt, NpgsqlDbType.TimestampTz);
                importer.Write(recordedAt, NpgsqlDbType.TimestampTz);
                importer.Write(hashes[i], NpgsqlDbType.Bytea);
            }
            await importer.CompleteAsync(cancellationToken);
        }

        var newHead = headPosition + events.Count;
        await using (var update = new NpgsqlCommand(
            $"WITH moved AS (UPDATE {schema}.head SET position = $1, hash = $2, recorded_at = $3 WHERE id = 1 RETURNING position) " +
            $"SELECT pg_notify('{schema}_events', '{EventStore.BulkImportNotice}{events.Count}:' || position::text) FROM moved", connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = newHead });
            update.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = previous });
            update.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = recordedAt });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new BulkImportResult(events.Count, skipped, headPosition + 1, newHead);
    }

    private static void WriteNullable(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null) importer.WriteNull();
        else importer.Write(value, NpgsqlDbType.Text);
    }

    private async Task<Dictionary<string, long>> StreamVersionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] streams, CancellationToken cancellationToken)
    {
        var versions = streams.ToDictionary(s => s, _ => 0L, StringComparer.Ordinal);
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
