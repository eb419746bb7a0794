using Ledger.Projections.Serialization;
using System.Diagnostics;
using System.Globalization;
using Ledger.Api.Hosting;
using Ledger.Api.Idempotency;
using Ledger.Api.Security;
using Ledger.Domain.Common;
using Ledger.Domain.Interactions;
using Ledger.EventStore;

namespace Ledger.Api.Commands;

/// <summary>A decider as the executor needs it: its initial state, its evolve and its decide functions.</summary>
public sealed record Decider<TCommand, TState, TEvent>(
    TState Initial,
    Func<TState, TEvent, TState> Evolve,
    Func<TCommand, TState, ReferenceExists, IReadOnlyList<TEvent>> Decide)
{
    /// <summary>Approximate managed bytes of a state, for the cache's bound (default: a flat 1 KiB).</summary>
    public Func<TState, long> Weight { get; init; } = _ => 1_024;

    /// <summary>Set when the cache may keep states partially (a state that grows with its stream).</summary>
    public PartialStates<TCommand, TState, TEvent>? Partial { get; init; }
}

/// <summary>
/// How a decider's states can be kept partially and completed for one command: the cache keeps <see cref="Trim"/> of a
/// state; before deciding a command on a state, the executor reads the stream's events whose <see cref="KeyProperty"/>
/// is one of the <see cref="Unknown"/> keys of that command, up to the state's version (through an index), and lets
/// the decider <see cref="Learn"/> them. The decision is then the one the whole stream's state would give.
/// </summary>
/// <param name="KeyProperty">A top-level property of the events' JSON data.</param>
/// <param name="KeyedEventTypes">
/// The event types that carry it: exactly the predicate of the partial index on <c>data ->> 'KeyProperty'</c>
/// (<c>AuxiliarySchema</c>), which the lookup is written to use.
/// </param>
public sealed record PartialStates<TCommand, TState, TEvent>(
    Func<TState, TState> Trim,
    Func<TCommand, TState, IReadOnlyCollection<Guid>> Unknown,
    string KeyProperty,
    IReadOnlyList<string> KeyedEventTypes,
    Func<TState, IReadOnlyCollection<Guid>, IReadOnlyList<TEvent>, TState> Learn);

/// <summary>
/// What a command did: the stream's version afterwards (its ETag), its state (for a decider with
/// <see cref="Decider{TCommand, TState, TEvent}.Partial"/>, possibly partial), and the events it appended.
/// </summary>
public sealed record CommandOutcome<TState>(string StreamId, long Version, TState State, IReadOnlyList<object> Events, long? LastPosition)
{
    public bool Changed => Events.Count > 0;
    public string ETag => $"\"{Version}\"";
}

/// <summary>
/// The one command path: load the stream, fold it, decide, append with the version it was decided on. A concurrent
/// writer makes the append fail; without If-Match the command is simply decided again on the new state (up to three
/// times), with If-Match the client asked for that exact version and gets a 412.
/// <para>
/// Folded states are cached per stream in a <see cref="StateCache"/> bounded to <see cref="MaxCachedStreams"/> streams
/// and <see cref="MaxCachedBytes"/> of estimated state, least recently used out first; a stream not cached is read.
/// </para>
/// </summary>
public sealed class CommandExecutor(LedgerDatabase database, ReferenceResolver references, LedgerTelemetry telemetry, TimeProvider clock)
{
    public const int MaxCachedStreams = 50_000;
    public const long MaxCachedBytes = 64L * 1024 * 1024;
    private const int Attempts = 3;
    private readonly StateCache _cache = new(MaxCachedStreams, MaxCachedBytes);

    internal StateCache Cache => _cache;

    public async Task<CommandOutcome<TState>> ExecuteAsync<TCommand, TState, TEvent>(
        HttpContext http, string streamId, TCommand command, Decider<TCommand, TState, TEvent> decider,
        IEnumerable<EntityRef> referenced, CancellationToken cancellationToken)
        where TCommand : notnull where TEvent : notnull
    {
        var commandName = command.GetType().Name;
        using var activity = LedgerTelemetry.Source.StartActivity($"command {commandName}");
        activity?.SetTag("ledger.stream", streamId);
        var exists = await references.ResolveAsync(referenced, cancellationToken);
        var ifMatch = IfMatch(http);

        for (var attempt = 1; ; attempt++)
        {
            // First attempt: decide on the cached state without reading (the append's expected version checks it);
            // after a conflict, or when If-Match disagrees with the cache, read what is new first.
            var (state, version) = await LoadAsync(streamId, decider, cancellationToken, fresh: attempt > 1);
            if (ifMatch is { } expected && expected != version && attempt == 1)
                (state, version) = await LoadAsync(streamId, decider, cancellationToken, fresh: true);
            if (ifMatch is { } wanted && wanted != version)
                throw new PreconditionFailedException($"'{streamId}' is at version {version}; If-Match named version {wanted}.");
            state = await LearnAsync(http, streamId, command, state, version, decider, cancellationToken);

            IReadOnlyList<TEvent> events;
            try
            {
                events = decider.Decide(command, state, exists);
            }
            catch (DomainException) when (attempt == 1 && ifMatch is null)
            {
                // Decided on the cached state: a refusal must stand on the latest state, so read it and decide again.
                (state, version) = await LoadAsync(streamId, decider, cancellationToken, fresh: true);
                state = await LearnAsync(http, streamId, command, state, version, decider, cancellationToken);
                events = decider.Decide(command, state, exists);
            }
            if (events.Count == 0 && attempt == 1)
            {
                // Likewise a no-op: confirm it on the latest state.
                (state, version) = await LoadAsync(streamId, decider, cancellationToken, fresh: true);
                state = await LearnAsync(http, streamId, command, state, version, decider, cancellationToken);
                events = decider.Decide(command, state, exists);
            }
            if (events.Count == 0)
            {
                telemetry.Commands.Add(1, new("command", commandName), new("outcome", "no-op"));
                return new CommandOutcome<TState>(streamId, version, state, [], null);
            }

            var metadata = new EventMetadata(http.User.Actor(), clock.GetUtcNow(), Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier);
            var data = events.Select((e, i) => EventSerializer.ToEventData(e, RequestIds.For(http, $"event:{streamId}:{i}"), metadata)).ToList();
            try
            {
                using var append = LedgerTelemetry.Source.StartActivity("ledger append");
                append?.SetTag("ledger.stream", streamId);
                append?.SetTag("ledger.events", data.Count);
                var result = await database.Store.AppendAsync(streamId, ExpectedVersion.Exactly(version), data, cancellationToken);
                append?.SetTag("ledger.position", result.LastPosition);
                Count(commandName, events.Cast<object>());
                var newState = events.Aggregate(state, decider.Evolve);
                if (!result.AlreadyApplied && newState is not null) Remember(streamId, newState, result.NextExpectedVersion, decider);
                return new CommandOutcome<TState>(streamId, result.NextExpectedVersion, newState, events.Cast<object>().ToList(), result.LastPosition);
            }
            catch (Exception ex) when (ex is ConcurrencyException or IdempotencyConflictException && attempt < Attempts && (ifMatch is null || attempt == 1))
            {
                // Someone else changed the stream since our state was read: decide again on what they wrote. (With
                // If-Match, the fresh read of attempt 2 turns a real mismatch into a 412.) An id conflict here means a
                // retry whose first attempt landed (its events carry the same key-derived ids but a new timestamp):
                // on the fresh state the decider sees the work done and answers as a no-op.
                _cache.Remove(streamId);
            }
        }
    }

    /// <summary>
    /// Folds a stream into its state. Current states are cached per stream (bounded); <paramref name="fresh"/> reads
    /// only the events after the cached version. Time travel (<paramref name="asOfPosition"/>) always folds from the log.
    /// For a decider with <see cref="Decider{TCommand, TState, TEvent}.Partial"/>, a cached state may be partial.
    /// </summary>
    public async Task<(TState State, long Version)> LoadAsync<TCommand, TState, TEvent>(
        string streamId, Decider<TCommand, TState, TEvent> decider, CancellationToken cancellationToken, long? asOfPosition = null, bool fresh = true)
    {
        var state = decider.Initial;
        long version = 0;
        if (asOfPosition is null && _cache.TryGet(streamId, out var cached, out var cachedVersion) && cached is TState known)
        {
            (state, version) = (known, cachedVersion);
            if (!fresh) return (state, version);
        }
        await foreach (var stored in database.Store.ReadStreamAsync(streamId, fromVersion: version + 1, asOfPosition: asOfPosition, cancellationToken: cancellationToken))
        {
            if (EventSerializer.FromStored(stored) is TEvent e) state = decider.Evolve(state, e);
            version = stored.StreamVersion;
        }
        if (asOfPosition is null && version > 0 && state is not null) Remember(streamId, state, version, decider);
        return (state, version);
    }

    /// <summary>
    /// The stream's domain events, as of a position or up to a version: for views that show more than a decider's
    /// state holds.
    /// </summary>
    public async IAsyncEnumerable<(object? Event, long Version)> ReadAsync(
        string streamId, long? asOfPosition, long? toVersion, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var stored in database.Store.ReadStreamAsync(streamId, asOfPosition: asOfPosition, cancellationToken: cancellationToken))
        {
            if (stored.StreamVersion > toVersion) yield break;
            yield return (EventSerializer.FromStored(stored), stored.StreamVersion);
        }
    }

    private void Remember<TCommand, TState, TEvent>(string streamId, TState state, long version, Decider<TCommand, TState, TEvent> decider)
    {
        var kept = decider.Partial is { } partial ? partial.Trim(state) : state;
        if (kept is not null) _cache.Set(streamId, kept, version, decider.Weight(kept));
    }

    /// <summary>Completes a partial state with what <paramref name="command"/> needs, read from the stream up to <paramref name="version"/>.</summary>
    /// <remarks>Ids this request minted (<see cref="RequestIds.IsFresh"/>) are known to be absent without a query.</remarks>
    private async Task<TState> LearnAsync<TCommand, TState, TEvent>(
        HttpContext http, string streamId, TCommand command, TState state, long version, Decider<TCommand, TState, TEvent> decider, CancellationToken cancellationToken)
    {
        if (decider.Partial is not { } partial) return state;
        var unknown = partial.Unknown(command, state);
        if (unknown.Count == 0) return state;
        var toRead = unknown.Where(id => !RequestIds.IsFresh(http, id)).ToArray();
        if (toRead.Length == 0) return partial.Learn(state, unknown, []);
        await using var read = database.DataSource.CreateCommand(LookupSql(partial.KeyProperty, partial.KeyedEventTypes));
        read.Parameters.Add(new Npgsql.NpgsqlParameter<string[]> { TypedValue = [.. toRead.Select(key => key.ToString())] });
        read.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = streamId });
        read.Parameters.Add(new Npgsql.NpgsqlParameter<long> { TypedValue = version });
        var events = new List<TEvent>();
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var stored = new StoredEvent(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetGuid(3), reader.GetString(4),
                    reader.GetInt32(5), reader.GetString(6), reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetFieldValue<DateTimeOffset>(10),
                    reader.GetFieldValue<DateTimeOffset>(11), reader.GetFieldValue<byte[]>(12));
                if (EventSerializer.FromStored(database.Store.Upcasters.Apply(stored)) is TEvent e) events.Add(e);
            }
        }
        return partial.Learn(state, unknown, events);
    }

    /// <summary>
    /// The events of stream $2 up to version $3 whose key is one of $1. The keys are looked up first, through the partial
    /// index (its predicate spelled out as literals, so that the planner can prove it); MATERIALIZED keeps the planner
    /// from walking the whole stream through the stream's own index instead, and long streams are what this is for.
    /// </summary>
    internal static string LookupSql(string keyProperty, IReadOnlyList<string> keyedEventTypes)
    {
        var types = string.Join(", ", keyedEventTypes.Select(t => $"'{t.Replace("'", "''", StringComparison.Ordinal)}'"));
        return $"WITH keyed AS MATERIALIZED (SELECT * FROM ledger.events WHERE (data ->> '{keyProperty}') = ANY($1) AND event_type IN ({types})) " +
            "SELECT position, stream_id, stream_version, event_id, event_type, schema_version, data::text, actor, correlation_id, causation_id, occurred_at, recorded_at, hash " +
            "FROM keyed WHERE stream_id = $2 AND stream_version <= $3 ORDER BY stream_version";
    }

    private void Count(string commandName, IEnumerable<object> events)
    {
        telemetry.Commands.Add(1, new("command", commandName), new("outcome", "appended"));
        foreach (var e in events)
        {
            telemetry.EventsAppended.Add(1);
            if (e is InteractionRecorded recorded)
                telemetry.Transactions.Add(1, new KeyValuePair<string, object?>("kind", recorded.Payload.Kind.ToString().ToLowerInvariant()));
        }
    }

    /// <summary>The version named by If-Match ("3", "\"3\"", W/"3"), null when absent or "*".</summary>
    internal static long? IfMatch(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*") return null;
        var value = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        value = value.Trim('"');
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new ClientInputException("If-Match", $"If-Match must be a stream version such as \"3\"; got '{header}'.", "invalid_if_match");
    }
}
