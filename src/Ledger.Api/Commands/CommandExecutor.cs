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
    Func<TCommand, TState, ReferenceExists, IReadOnlyList<TEvent>> Decide);

/// <summary>What a command did: the stream's version afterwards (its ETag), its state, and the events it appended.</summary>
public sealed record CommandOutcome<TState>(string StreamId, long Version, TState State, IReadOnlyList<object> Events, long? LastPosition)
{
    public bool Changed => Events.Count > 0;
    public string ETag => $"\"{Version}\"";
}

/// <summary>
/// The one command path: load the stream, fold it, decide, append with the version it was decided on. A concurrent
/// writer makes the append fail; without If-Match the command is simply decided again on the new state (up to three
/// times), with If-Match the client asked for that exact version and gets a 412.
/// </summary>
public sealed class CommandExecutor(LedgerDatabase database, ReferenceResolver references, LedgerTelemetry telemetry, TimeProvider clock)
{
    private const int Attempts = 3;
    private const int MaxCachedStreams = 50_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (object State, long Version)> _cache = new(StringComparer.Ordinal);

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

            IReadOnlyList<TEvent> events;
            try
            {
                events = decider.Decide(command, state, exists);
            }
            catch (DomainException) when (attempt == 1 && ifMatch is null)
            {
                // Decided on the cached state: a refusal must stand on the latest state, so read it and decide again.
                (state, version) = await LoadAsync(streamId, decider, cancellationToken, fresh: true);
                events = decider.Decide(command, state, exists);
            }
            if (events.Count == 0 && attempt == 1)
            {
                // Likewise a no-op: confirm it on the latest state.
                (state, version) = await LoadAsync(streamId, decider, cancellationToken, fresh: true);
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
                if (!result.AlreadyApplied && newState is not null) Remember(streamId, newState, result.NextExpectedVersion);
                return new CommandOutcome<TState>(streamId, result.NextExpectedVersion, newState, events.Cast<object>().ToList(), result.LastPosition);
            }
            catch (Exception ex) when (ex is ConcurrencyException or IdempotencyConflictException && attempt < Attempts && (ifMatch is null || attempt == 1))
            {
                // Someone else changed the stream since our state was read: decide again on what they wrote. (With
                // If-Match, the fresh read of attempt 2 turns a real mismatch into a 412.) An id conflict here means a
                // retry whose first attempt landed (its events carry the same key-derived ids but a new timestamp):
                // on the fresh state the decider sees the work done and answers as a no-op.
                _cache.TryRemove(streamId, out _);
            }
        }
    }

    /// <summary>
    /// Folds a stream into its state. Current states are cached per stream (bounded); <paramref name="fresh"/> reads
    /// only the events after the cached version. Time travel (<paramref name="asOfPosition"/>) always folds from the log.
    /// </summary>
    public async Task<(TState State, long Version)> LoadAsync<TCommand, TState, TEvent>(
        string streamId, Decider<TCommand, TState, TEvent> decider, CancellationToken cancellationToken, long? asOfPosition = null, bool fresh = true)
    {
        var state = decider.Initial;
        long version = 0;
        if (asOfPosition is null && _cache.TryGetValue(streamId, out var cached) && cached.State is TState known)
        {
            (state, version) = (known, cached.Version);
            if (!fresh) return (state, version);
        }
        await foreach (var stored in database.Store.ReadStreamAsync(streamId, fromVersion: version + 1, asOfPosition: asOfPosition, cancellationToken: cancellationToken))
        {
            if (EventSerializer.FromStored(stored) is TEvent e) state = decider.Evolve(state, e);
            version = stored.StreamVersion;
        }
        if (asOfPosition is null && version > 0 && state is not null) Remember(streamId, state, version);
        return (state, version);
    }

    private void Remember(string streamId, object state, long version)
    {
        if (_cache.Count > MaxCachedStreams) _cache.Clear();
        _cache.AddOrUpdate(streamId, (state, version), (_, old) => old.Version >= version ? old : (state, version));
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
