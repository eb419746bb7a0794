using System.Runtime.CompilerServices;
using Ledger.EventStore.Appending;
using Ledger.EventStore.Reading;
using Ledger.EventStore.Schema;
using Ledger.EventStore.Verification;
using Npgsql;

namespace Ledger.EventStore;

/// <summary>
/// An append-only, gap-free, hash-chained event log on PostgreSQL. One instance per process (it owns the group-commit
/// loop); thread-safe.
/// </summary>
public sealed class EventStore : IAsyncDisposable
{
    private readonly GroupCommitWriter _writer;

    /// <summary>How this instance's bulk chunks were written (serially, pipelined, replanned).</summary>
    internal BulkCounters BulkCounters { get; } = new();
    private readonly bool _ownsDataSource;

    private EventStore(NpgsqlDataSource dataSource, EventStoreOptions options, bool ownsDataSource)
    {
        DataSource = dataSource;
        Options = options;
        _ownsDataSource = ownsDataSource;
        _writer = new GroupCommitWriter(dataSource, options);
        _writer.Committed += position =>
        {
            NoteHead(position);
            Committed?.Invoke(position);
        };
        Upcasters = new EventUpcasters();
    }

    public NpgsqlDataSource DataSource { get; }
    public EventStoreOptions Options { get; }

    /// <summary>Transforms old schema versions of event types on read; register before reading.</summary>
    public EventUpcasters Upcasters { get; }

    private long _lastKnownHead;

    /// <summary>The highest head position this instance has written or read (cheap, for lag metrics).</summary>
    public long LastKnownHead => Interlocked.Read(ref _lastKnownHead);

    /// <summary>
    /// The prefix of the new-events notification a bulk import sends (then "events:head"), so that followers
    /// that would rather wait for the import to finish than compete with it for the cores can tell it apart.
    /// </summary>
    public const string BulkImportNotice = "bulk:";

    private void NoteHead(long position)
    {
        var known = Interlocked.Read(ref _lastKnownHead);
        while (position > known)
        {
            var seen = Interlocked.CompareExchange(ref _lastKnownHead, position, known);
            if (seen == known) return;
            known = seen;
        }
    }

    /// <summary>Raised in-process after each commit of this instance, with the new head position.</summary>
    public event Action<long>? Committed;

    /// <summary>Opens the store on a connection string and migrates its schema.</summary>
    public static async Task<EventStore> OpenAsync(string connectionString, EventStoreOptions? options = null, CancellationToken cancellationToken = default)
    {
        var dataSource = Tune(new NpgsqlDataSourceBuilder(connectionString)).Build();
        try
        {
            return await OpenAsync(dataSource, options, ownsDataSource: true, cancellationToken);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The connection settings the store is measured with, where the connection string leaves them at Npgsql's
    /// defaults: statements the store repeats are prepared once per physical connection, and a 64 KiB write buffer
    /// (Npgsql's is 8 KiB) sends a bulk COPY in an eighth of the writes (measured: about 7 % less CPU, client and
    /// server together, for a JSON Lines import).
    /// </summary>
    public static NpgsqlDataSourceBuilder Tune(NpgsqlDataSourceBuilder builder)
    {
        var settings = builder.ConnectionStringBuilder;
        if (settings.MaxAutoPrepare == 0) settings.MaxAutoPrepare = 32;
        if (settings.WriteBufferSize == 8192) settings.WriteBufferSize = 64 * 1024;
        return builder;
    }

    /// <summary>Opens the store on an existing data source (not disposed with the store) and migrates its schema.</summary>
    public static Task<EventStore> OpenAsync(NpgsqlDataSource dataSource, EventStoreOptions? options = null, CancellationToken cancellationToken = default) =>
        OpenAsync(dataSource, options, ownsDataSource: false, cancellationToken);

    private static async Task<EventStore> OpenAsync(NpgsqlDataSource dataSource, EventStoreOptions? options, bool ownsDataSource, CancellationToken cancellationToken)
    {
        options ??= new EventStoreOptions();
        options.Validate();
        await SchemaMigrator.MigrateAsync(dataSource, options.Schema, cancellationToken);
        return new EventStore(dataSource, options, ownsDataSource);
    }

    /// <summary>The schema version this store's database is at.</summary>
    public Task<int> SchemaVersionAsync(CancellationToken cancellationToken = default) =>
        SchemaMigrator.CurrentVersionAsync(DataSource, Options.Schema, cancellationToken);

    /// <summary>The latest schema version this code knows.</summary>
    public static int LatestSchemaVersion => Migrations.Latest;

    /// <summary>
    /// Appends events to a stream atomically. Throws <see cref="ConcurrencyException"/> on a stale expected version,
    /// <see cref="IdempotencyConflictException"/> when an event id was used for other content, and
    /// <see cref="InvalidAppendException"/> for malformed input; in each case nothing is written. Re-appending the same
    /// event ids with the same content returns the original result with <see cref="AppendResult.AlreadyApplied"/>.
    /// </summary>
    public Task<AppendResult> AppendAsync(string streamId, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        var prepared = AppendValidator.Prepare(streamId, events, Options);
        return _writer.AppendAsync(streamId, expected, prepared, cancellationToken);
    }

    /// <summary>Imports many events with binary COPY, still chained and gap-free. See <see cref="BulkImporter"/>.</summary>
    public async Task<BulkImportResult> BulkImportAsync(IAsyncEnumerable<(string StreamId, EventData Event)> events, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await new BulkImporter(DataSource, Options, BulkCounters).ImportAsync(events, progress, cancellationToken);
        }
        finally
        {
            _writer.Invalidate();
        }
    }

    /// <summary>
    /// Validates and canonicalises a batch for <see cref="BulkImportAsync(PreparedBulk, CancellationToken)"/> ahead of
    /// writing it, on every core, so that a caller can prepare one batch while the store writes another. Throws
    /// <see cref="InvalidAppendException"/> for anything the log would refuse.
    /// </summary>
    public PreparedBulk PrepareBulk(IReadOnlyList<(string StreamId, EventData Event)> events, CancellationToken cancellationToken = default) =>
        new BulkImporter(DataSource, Options, BulkCounters).Prepare(events, cancellationToken);

    /// <summary>Writes a prepared batch through the bulk path (chained, gap-free, ids already stored skipped).</summary>
    public Task<BulkImportResult> BulkImportAsync(PreparedBulk batch, CancellationToken cancellationToken = default) =>
        StartBulkImport(batch, after: null, cancellationToken).Completion;

    /// <summary>
    /// Starts writing a prepared batch through the bulk path, behind <paramref name="after"/> when given: the batch's
    /// rows are copied while <paramref name="after"/> is still being written, and committed only after it, so the log
    /// holds the two in that order. If <paramref name="after"/> fails, this batch fails with
    /// <see cref="BulkPredecessorFailedException"/> and writes nothing.
    /// </summary>
    public PendingBulkImport StartBulkImport(PreparedBulk batch, PendingBulkImport? after, CancellationToken cancellationToken = default)
    {
        var pending = new BulkImporter(DataSource, Options, BulkCounters).Start(batch, after, cancellationToken);
        return new PendingBulkImport(pending.LastChunk, InvalidateAfter(pending.Completion));
    }

    private async Task<BulkImportResult> InvalidateAfter(Task<BulkImportResult> write)
    {
        try
        {
            return await write;
        }
        finally
        {
            _writer.Invalidate();
        }
    }

    public async Task<LogHead> ReadHeadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var head = await HeadRow.ReadAsync(connection, null, Options.Schema, forUpdate: false, cancellationToken);
        NoteHead(head.Position);
        return head;
    }

    /// <summary>The position an event id is stored at, or null when no event has that id.</summary>
    public async Task<long?> PositionOfAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand($"SELECT position FROM {Options.Schema}.events WHERE event_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventId });
        return await command.ExecuteScalarAsync(cancellationToken) is long position ? position : null;
    }

    /// <summary>The stream's current version (0 when it does not exist), optionally as of a global position.</summary>
    public async Task<long> StreamVersionAsync(string streamId, long? asOfPosition = null, CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand(
            $"SELECT coalesce(max(stream_version), 0) FROM {Options.Schema}.events WHERE stream_id = $1 AND position <= $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = asOfPosition ?? long.MaxValue });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Reads a stream forwards from <paramref name="fromVersion"/> or backwards down from it (use long.MaxValue for
    /// "from the end"), optionally as the log stood at global position <paramref name="asOfPosition"/>.
    /// </summary>
    public async IAsyncEnumerable<StoredEvent> ReadStreamAsync(
        string streamId, long fromVersion = 1, ReadDirection direction = ReadDirection.Forwards, int maxCount = int.MaxValue,
        long? asOfPosition = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (comparison, order) = direction == ReadDirection.Forwards ? (">=", "ASC") : ("<=", "DESC");
        await using var command = DataSource.CreateCommand(
            $"SELECT {EventRows.Columns} FROM {Options.Schema}.events " +
            $"WHERE stream_id = $1 AND stream_version {comparison} $2 AND position <= $3 ORDER BY stream_version {order} LIMIT $4");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromVersion });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = asOfPosition ?? long.MaxValue });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = maxCount });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return Upcasters.Apply(EventRows.Read(reader));
    }

    /// <summary>
    /// All events after <paramref name="afterPosition"/> (exclusive) up to <paramref name="toPosition"/> (inclusive),
    /// in position order, read in pages.
    /// </summary>
    public async IAsyncEnumerable<StoredEvent> ReadAllAsync(
        long afterPosition = 0, long? toPosition = null, int pageSize = 5_000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var last = afterPosition;
        var end = toPosition ?? long.MaxValue;
        while (last < end)
        {
            var read = 0;
            await using (var command = DataSource.CreateCommand(
                $"SELECT {EventRows.Columns} FROM {Options.Schema}.events WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3"))
            {
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = last });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = end });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pageSize });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var e = EventRows.Read(reader);
                    last = e.Position;
                    read++;
                    yield return Upcasters.Apply(e);
                }
            }
            if (read < pageSize) yield break;
        }
    }

    /// <summary>The last global position recorded at or before <paramref name="moment"/> (0 if none).</summary>
    public async Task<long> PositionAtAsync(DateTimeOffset moment, CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand($"SELECT {Options.Schema}.position_at($1)");
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = moment.ToUniversalTime() });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Folds a stream into a state as the log stood at a global position (time travel); null means now.</summary>
    public async Task<(TState State, long Version)> AggregateStreamAsync<TState>(
        string streamId, TState initial, Func<TState, StoredEvent, TState> evolve, long? asOfPosition = null, CancellationToken cancellationToken = default)
    {
        var state = initial;
        long version = 0;
        await foreach (var e in ReadStreamAsync(streamId, asOfPosition: asOfPosition, cancellationToken: cancellationToken))
        {
            state = evolve(state, e);
            version = e.StreamVersion;
        }
        return (state, version);
    }

    /// <summary>Folds a stream into a state as the log stood at a moment (time travel by timestamp).</summary>
    public async Task<(TState State, long Version)> AggregateStreamAsync<TState>(
        string streamId, TState initial, Func<TState, StoredEvent, TState> evolve, DateTimeOffset asOf, CancellationToken cancellationToken = default) =>
        await AggregateStreamAsync(streamId, initial, evolve, await PositionAtAsync(asOf, cancellationToken), cancellationToken);

    /// <summary>
    /// Tails the log after <paramref name="afterPosition"/>: every event exactly once, in position order, forever (until
    /// cancelled). Wakes on LISTEN/NOTIFY; resumes by itself after a dropped connection.
    /// </summary>
    public IAsyncEnumerable<StoredEvent> SubscribeAsync(long afterPosition, CancellationToken cancellationToken = default) =>
        new Subscriptions.Subscription(this).ReadAsync(afterPosition, cancellationToken);

    /// <summary>Recomputes the hash chain over a range from the stored rows alone.</summary>
    public Task<VerificationResult> VerifyAsync(long fromPosition = 1, long? toPosition = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        new ChainVerifier(DataSource, Options.Schema).VerifyAsync(fromPosition, toPosition, progress, cancellationToken);

    /// <summary>Verifies the log against an earlier signed digest: the signature holds and the log since only grew.</summary>
    public Task<VerificationResult> VerifyAgainstDigestAsync(SignedDigest digest, CancellationToken cancellationToken = default) =>
        new ChainVerifier(DataSource, Options.Schema).VerifyAgainstAsync(digest, cancellationToken);

    /// <summary>Signs the current head (position, hash, time) for anchoring outside the database.</summary>
    public async Task<SignedDigest> CreateDigestAsync(DigestSigner signer, CancellationToken cancellationToken = default)
    {
        var head = await ReadHeadAsync(cancellationToken);
        return signer.Sign(head.Position, head.HashHex, Options.Clock.GetUtcNow());
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        if (_ownsDataSource) await DataSource.DisposeAsync();
    }
}

public enum ReadDirection
{
    Forwards,
    Backwards,
}
