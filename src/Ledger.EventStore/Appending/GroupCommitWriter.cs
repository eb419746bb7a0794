using System.Threading.Channels;
using Ledger.EventStore.Hashing;
using Ledger.EventStore.Reading;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.EventStore.Appending;

/// <summary>
/// Coalesces concurrent appends of one process into one PostgreSQL transaction (group commit). A single loop owns one
/// connection: while a transaction is in flight, new callers queue up and all of them go into the next one. Each caller
/// still gets its own result or its own error: requests are planned one by one, and one caller's stale version removes
/// only that caller from the group.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private const int MaxPlanningRounds = 16;
    private const int MaxCachedStreams = 100_000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly EventStoreOptions _options;
    private readonly Channel<AppendRequest> _queue = Channel.CreateUnbounded<AppendRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, long> _streamVersions = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private readonly CancellationTokenSource _stopping = new();
    private NpgsqlConnection? _connection;
    private LogHead? _head;

    public GroupCommitWriter(NpgsqlDataSource dataSource, EventStoreOptions options)
    {
        _dataSource = dataSource;
        _options = options;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Raised after each successful commit with the new head position (in-process wake-up for readers).</summary>
    public event Action<long>? Committed;

    public Task<AppendResult> AppendAsync(string streamId, ExpectedVersion expected, PreparedEvent[] events, CancellationToken cancellationToken)
    {
        var request = new AppendRequest(streamId, expected, events, cancellationToken);
        if (!_queue.Writer.TryWrite(request))
            throw new ObjectDisposedException(nameof(EventStore));
        return request.Completion.Task;
    }

    /// <summary>Forget cached head and stream versions (after an outside write such as a bulk import).</summary>
    public void Invalidate() => _queue.Writer.TryWrite(AppendRequest.InvalidateMarker);

    private async Task RunAsync()
    {
        var group = new List<AppendRequest>();
        while (await _queue.Reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
        {
            group.Clear();
            var events = 0;
            while (events < _options.MaxEventsPerGroupCommit && _queue.Reader.TryRead(out var request))
            {
                if (ReferenceEquals(request, AppendRequest.InvalidateMarker))
                {
                    ForgetState();
                    continue;
                }
                if (request.CancellationToken.IsCancellationRequested)
                {
                    request.Completion.TrySetCanceled(request.CancellationToken);
                    continue;
                }
                group.Add(request);
                events += request.Events.Length;
            }
            if (group.Count == 0) continue;
            try
            {
                await CommitGroupAsync(group).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException or ObjectDisposedException)
            {
                // The outcome of an in-flight commit is unknown: fail the callers (their retry with the same event ids is
                // safe), drop the connection and everything cached, and start clean with the next group.
                ForgetState();
                await DropConnectionAsync().ConfigureAwait(false);
                foreach (var request in group) request.Completion.TrySetException(ex);
            }
        }
    }

    private async Task CommitGroupAsync(List<AppendRequest> pending)
    {
        var fresh = new HashSet<string>(StringComparer.Ordinal);
        // Optimistic first (one round trip: the function checks what we assumed). If another process moved the head,
        // later rounds lock the head first, so that a busy neighbour cannot starve this process.
        var pessimistic = false;
        for (var round = 0; round < MaxPlanningRounds && pending.Count > 0; round++)
        {
            var connection = await ConnectionAsync().ConfigureAwait(false);
            await using var transaction = pessimistic ? await connection.BeginTransactionAsync().ConfigureAwait(false) : null;
            if (pessimistic)
            {
                _head = await ReadHeadAsync(connection, forUpdate: true).ConfigureAwait(false);
                await RefreshStreamsAsync(connection, pending.Select(r => r.StreamId), fresh).ConfigureAwait(false);
            }
            _head ??= await ReadHeadAsync(connection, forUpdate: false).ConfigureAwait(false);
            await LoadUnknownStreamsAsync(connection, pending, fresh).ConfigureAwait(false);

            var plan = Plan(pending, fresh, out var stale, out var conflicts);
            if (stale.Count > 0)
            {
                await RefreshStreamsAsync(connection, stale, fresh).ConfigureAwait(false);
                continue;
            }
            if (conflicts.Count > 0)
            {
                // A stale version may just be a client retrying an append that already landed: that is not a conflict.
                var retries = conflicts.Select(c => c.Request).ToList();
                await ResolveRetriesAsync(connection, retries).ConfigureAwait(false);
                foreach (var (request, actual) in conflicts)
                {
                    pending.Remove(request);
                    request.Completion.TrySetException(new ConcurrencyException(request.StreamId, request.Expected, actual));
                }
                continue;
            }
            if (plan.Accepted.Count == 0) continue;

            var status = await ExecuteAsync(connection, plan).ConfigureAwait(false);
            if (transaction is not null)
            {
                if (status == "ok") await transaction.CommitAsync().ConfigureAwait(false);
                else await transaction.RollbackAsync().ConfigureAwait(false);
            }
            switch (status)
            {
                case "ok":
                    Complete(plan);
                    pending.RemoveAll(plan.Accepted.Contains);
                    break;
                case "head_moved":
                    // Another process appended: everything we believed may be stale.
                    pessimistic = true;
                    break;
                case "stream_moved":
                    await RefreshStreamsAsync(connection, plan.CheckedVersions.Keys, fresh).ConfigureAwait(false);
                    break;
                case "duplicate":
                    await ResolveRetriesAsync(connection, pending).ConfigureAwait(false);
                    break;
                default:
                    throw new InvalidOperationException($"append_events returned an unknown status '{status}'.");
            }
        }
        foreach (var request in pending)
            request.Completion.TrySetException(new TimeoutException("The append could not be planned against a log that kept moving; retry it."));
    }

    private Plan Plan(List<AppendRequest> pending, HashSet<string> fresh, out List<string> stale, out List<(AppendRequest Request, long Actual)> conflicts)
    {
        stale = [];
        conflicts = [];
        var plan = new Plan();
        var working = new Dictionary<string, long>(StringComparer.Ordinal);
        var ids = new HashSet<Guid>();
        foreach (var request in pending.ToList())
        {
            if (request.CancellationToken.IsCancellationRequested)
            {
                request.Completion.TrySetCanceled(request.CancellationToken);
                pending.Remove(request);
                continue;
            }
            // Two concurrent retries of the same request: let the first go, the second resolves as a retry next round.
            if (request.Events.Any(e => ids.Contains(e.EventId))) continue;

            var current = working.TryGetValue(request.StreamId, out var w) ? w : _streamVersions[request.StreamId];
            if (!request.Expected.IsSatisfiedBy(current))
            {
                // Judged against this plan's own uncommitted appends: decide after they commit, next round.
                if (working.ContainsKey(request.StreamId)) continue;
                if (fresh.Contains(request.StreamId)) conflicts.Add((request, current));
                else
                {
                    stale.Add(request.StreamId);
                }
                continue;
            }
            plan.CheckedVersions.TryAdd(request.StreamId, _streamVersions[request.StreamId]);
            plan.Accepted.Add(request);
            plan.FirstVersion[request] = current + 1;
            working[request.StreamId] = current + request.Events.Length;
            foreach (var e in request.Events) ids.Add(e.EventId);
        }
        return plan;
    }

    private async Task<string> ExecuteAsync(NpgsqlConnection connection, Plan plan)
    {
        var head = _head!;
        var count = plan.Accepted.Sum(r => r.Events.Length);
        var now = Timestamps.Truncate(_options.Clock.GetUtcNow());
        var recordedAt = now < head.RecordedAt ? head.RecordedAt : now;

        var streamIds = new string[count];
        var versions = new long[count];
        var eventIds = new Guid[count];
        var types = new string[count];
        var schemaVersions = new int[count];
        var data = new string[count];
        var actors = new string[count];
        var correlations = new string?[count];
        var causations = new string?[count];
        var occurredAt = new DateTimeOffset[count];
        var hashes = new byte[count][];

        var previous = head.Hash;
        var i = 0;
        Span<byte> digest = stackalloc byte[EventHasher.HashSize];
        foreach (var request in plan.Accepted)
        {
            var version = plan.FirstVersion[request];
            foreach (var e in request.Events)
            {
                var position = head.Position + i + 1;
                EventHasher.ContentDigest(position, version, e.EventId, e.SchemaVersion, e.OccurredAt, recordedAt,
                    request.StreamId, e.EventType, e.Actor, e.CorrelationId, e.CausationId, e.CanonicalData, digest);
                var hash = new byte[EventHasher.HashSize];
                EventHasher.Chain(previous, digest, hash);
                previous = hash;

                streamIds[i] = request.StreamId;
                versions[i] = version++;
                eventIds[i] = e.EventId;
                types[i] = e.EventType;
                schemaVersions[i] = e.SchemaVersion;
                data[i] = e.DataText;
                actors[i] = e.Actor;
                correlations[i] = e.CorrelationId;
                causations[i] = e.CausationId;
                occurredAt[i] = e.OccurredAt;
                hashes[i] = hash;
                i++;
            }
        }

        var command = new NpgsqlCommand(
            $"SELECT {_options.Schema}.append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = head.Position });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = head.Hash });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = plan.CheckedVersions.Keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = plan.CheckedVersions.Values.ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = streamIds });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = versions });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = eventIds });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = types });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = schemaVersions });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = actors });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = correlations, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = causations, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = occurredAt, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = recordedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = hashes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        await using (command)
        {
            string status;
            try
            {
                status = (string)(await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false))!;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // The unique indexes are the duplicate and stream-growth checks: cheaper than looking first.
                return ex.ConstraintName == "events_stream_version_unique" ? "stream_moved" : "duplicate";
            }
            if (status == "ok")
            {
                plan.NewHead = new LogHead(head.Position + count, previous, recordedAt);
            }
            return status;
        }
    }

    private void Complete(Plan plan)
    {
        var position = _head!.Position;
        _head = plan.NewHead;
        if (_streamVersions.Count > MaxCachedStreams) _streamVersions.Clear();
        foreach (var request in plan.Accepted)
        {
            var first = position + 1;
            position += request.Events.Length;
            var next = plan.FirstVersion[request] + request.Events.Length - 1;
            _streamVersions[request.StreamId] = next;
            request.Completion.TrySetResult(new AppendResult(request.StreamId, next, first, position, AlreadyApplied: false));
        }
        Committed?.Invoke(_head!.Position);
    }

    /// <summary>
    /// Some event ids already exist. A request whose every event is stored with identical content is a retry: it gets
    /// the original result. Any other overlap is a conflict. Requests with no stored ids stay pending.
    /// </summary>
    private async Task ResolveRetriesAsync(NpgsqlConnection connection, List<AppendRequest> pending)
    {
        var ids = pending.SelectMany(r => r.Events.Select(e => e.EventId)).ToArray();
        var stored = new Dictionary<Guid, StoredEvent>();
        await using (var command = new NpgsqlCommand($"SELECT {EventRows.Columns} FROM {_options.Schema}.events WHERE event_id = ANY($1)", connection))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
            while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                var e = EventRows.Read(reader);
                stored[e.EventId] = e;
            }
        }
        foreach (var request in pending.ToList())
        {
            var found = request.Events.Where(e => stored.ContainsKey(e.EventId)).ToList();
            if (found.Count == 0) continue;
            pending.Remove(request);
            var mismatch = request.Events.FirstOrDefault(e => !stored.TryGetValue(e.EventId, out var s) || !e.SameContentAs(s, request.StreamId));
            if (mismatch is not null)
            {
                var reason = stored.ContainsKey(mismatch.EventId)
                    ? "the stored event has a different stream, type, data or metadata"
                    : "other events of the same append were already stored under their ids, this one was not";
                request.Completion.TrySetException(new IdempotencyConflictException(mismatch.EventId, reason));
                continue;
            }
            var events = request.Events.Select(e => stored[e.EventId]).ToList();
            request.Completion.TrySetResult(new AppendResult(
                request.StreamId, events.Max(e => e.StreamVersion), events.Min(e => e.Position), events.Max(e => e.Position), AlreadyApplied: true));
        }
    }

    private async Task LoadUnknownStreamsAsync(NpgsqlConnection connection, List<AppendRequest> pending, HashSet<string> fresh)
    {
        var unknown = new List<string>();
        foreach (var request in pending)
        {
            if (_streamVersions.ContainsKey(request.StreamId)) continue;
            // A caller that says "no stream" or "exactly n" tells us what to assume; the database checks it.
            if (request.Expected.Value >= 0) _streamVersions[request.StreamId] = request.Expected.Value;
            else unknown.Add(request.StreamId);
        }
        if (unknown.Count > 0) await RefreshStreamsAsync(connection, unknown, fresh).ConfigureAwait(false);
    }

    private async Task RefreshStreamsAsync(NpgsqlConnection connection, IEnumerable<string> streams, HashSet<string> fresh)
    {
        var ids = streams.Distinct(StringComparer.Ordinal).ToArray();
        foreach (var id in ids) _streamVersions[id] = 0;
        await using var command = new NpgsqlCommand(
            $"SELECT stream_id, max(stream_version) FROM {_options.Schema}.events WHERE stream_id = ANY($1) GROUP BY stream_id", connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids });
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
        while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
            _streamVersions[reader.GetString(0)] = reader.GetInt64(1);
        fresh.UnionWith(ids);
    }

    private Task<LogHead> ReadHeadAsync(NpgsqlConnection connection, bool forUpdate) =>
        HeadRow.ReadAsync(connection, null, _options.Schema, forUpdate, CancellationToken.None);

    private async Task<NpgsqlConnection> ConnectionAsync()
    {
        if (_connection is { State: System.Data.ConnectionState.Open }) return _connection;
        await DropConnectionAsync().ConfigureAwait(false);
        _connection = await _dataSource.OpenConnectionAsync(_stopping.Token).ConfigureAwait(false);
        return _connection;
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is null) return;
        try { await _connection.DisposeAsync().ConfigureAwait(false); }
        catch (NpgsqlException) { /* already broken */ }
        _connection = null;
    }

    private void ForgetState()
    {
        _head = null;
        _streamVersions.Clear();
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _queue.Writer.TryComplete();
        try { await _loop.ConfigureAwait(false); }
        catch (OperationCanceledException) { /* stopping */ }
        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
        await DropConnectionAsync().ConfigureAwait(false);
    }
}

internal sealed class AppendRequest(string streamId, ExpectedVersion expected, PreparedEvent[] events, CancellationToken cancellationToken)
{
    public static readonly AppendRequest InvalidateMarker = new("", ExpectedVersion.Any, [], CancellationToken.None);

    public string StreamId { get; } = streamId;
    public ExpectedVersion Expected { get; } = expected;
    public PreparedEvent[] Events { get; } = events;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public TaskCompletionSource<AppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal sealed class Plan
{
    public List<AppendRequest> Accepted { get; } = [];
    public Dictionary<AppendRequest, long> FirstVersion { get; } = [];
    public Dictionary<string, long> CheckedVersions { get; } = new(StringComparer.Ordinal);
    public LogHead? NewHead { get; set; }
}
