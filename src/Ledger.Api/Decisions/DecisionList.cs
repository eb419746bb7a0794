using Ledger.Api.Hosting;
using Ledger.Domain.Decisions;
using Ledger.Projections.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Ledger.Api.Decisions;

/// <summary>
/// The decisions recorded up to a point of the log, newest first, a page at a time: what an auditor picks a lineage
/// from. Read straight from the log through a partial index on the decision events (<see cref="AuxiliarySchema"/>), so
/// it answers as of any position, and says which decisions were superseded by then.
/// </summary>
public static class DecisionList
{
    public const int MaxPageSize = 500;
    private const int DefaultPageSize = 100;

    public sealed record DecisionSummary(
        Guid DecisionId, string Title, DateTimeOffset DecidedAt, Guid DecidedBy, long Position, Guid? Supersedes, Guid? SupersededBy);

    /// <param name="Before">Pass as <c>before</c> for the next (older) page; null on the last page.</param>
    public sealed record DecisionPage(long AsOf, IReadOnlyList<DecisionSummary> Decisions, long? Before);

    public static async Task<Ok<DecisionPage>> List(long? asOf, DateTimeOffset? at, long? before, int? limit, LedgerDatabase database, CancellationToken cancellationToken)
    {
        var pageSize = limit ?? DefaultPageSize;
        if (pageSize is < 1 or > MaxPageSize)
            throw new ClientInputException("limit", $"limit must be between 1 and {MaxPageSize}.", "invalid_limit");
        if (before is < 1) throw new ClientInputException("before", "before must be a position of 1 or more.", "invalid_before");
        var position = await AsOfPosition.ResolveAsync(database.Store, asOf, at, cancellationToken);
        var upTo = Math.Min(position, (before ?? long.MaxValue) - 1);

        List<(long Position, DecisionRecorded Event)> recorded;
        await using (var read = database.DataSource.CreateCommand(
            $"SELECT {Columns} FROM ledger.events WHERE event_type = 'decision-recorded' AND position <= $1 ORDER BY position DESC LIMIT $2"))
        {
            read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upTo });
            read.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pageSize + 1 });
            recorded = await ReadAsync<DecisionRecorded>(database, read, "decision-recorded", cancellationToken);
        }
        var more = recorded.Count > pageSize;
        if (more) recorded.RemoveAt(recorded.Count - 1);

        var supersededBy = await SupersededAsync(database, [.. recorded.Select(r => r.Event.DecisionId)], position, cancellationToken);
        var decisions = recorded.Select(r => new DecisionSummary(
            r.Event.DecisionId, r.Event.Title, r.Event.DecidedAt, r.Event.DecidedBy, r.Position, r.Event.Supersedes,
            supersededBy.TryGetValue(r.Event.DecisionId, out var by) ? by : null)).ToList();
        return TypedResults.Ok(new DecisionPage(position, decisions, more ? decisions[^1].Position : null));
    }

    /// <summary>Which of <paramref name="ids"/> were superseded up to <paramref name="position"/>, and by which decision.</summary>
    private static async Task<Dictionary<Guid, Guid>> SupersededAsync(LedgerDatabase database, Guid[] ids, long position, CancellationToken cancellationToken)
    {
        if (ids.Length == 0) return [];
        await using var read = database.DataSource.CreateCommand(
            $"SELECT {Columns} FROM ledger.events WHERE event_type = 'decision-superseded' AND position <= $1 AND (data ->> 'decisionId') = ANY($2)");
        read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        read.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. ids.Select(id => id.ToString())] });
        var superseded = await ReadAsync<DecisionSuperseded>(database, read, "decision-superseded", cancellationToken);
        return superseded.ToDictionary(s => s.Event.DecisionId, s => s.Event.SupersededBy);
    }

    private const string Columns = "position, event_id, schema_version, data::text";

    /// <summary>The events of <paramref name="eventType"/> that <paramref name="read"/> selects (<see cref="Columns"/>), decoded as the log's readers decode them (upcasters included).</summary>
    private static async Task<List<(long Position, TEvent Event)>> ReadAsync<TEvent>(LedgerDatabase database, NpgsqlCommand read, string eventType, CancellationToken cancellationToken)
    {
        var events = new List<(long, TEvent)>();
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var position = reader.GetInt64(0);
            if (EventSerializer.FromRow(database.Store.Upcasters, position, reader.GetGuid(1), eventType, reader.GetInt32(2), reader.GetFieldValue<byte[]>(3)) is TEvent e)
                events.Add((position, e));
        }
        return events;
    }
}
