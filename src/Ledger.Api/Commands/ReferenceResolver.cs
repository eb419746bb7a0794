using Ledger.Projections.Serialization;
using Ledger.Api.Hosting;
using Ledger.Domain.Common;
using Ledger.Domain.Interactions;
using Ledger.EventStore;
using Npgsql;

namespace Ledger.Api.Commands;

/// <summary>
/// Answers the deciders' "does this exist?" for references outside the aggregate being decided, straight from the
/// log (so there is no lag): a stream's first event for participants, initiatives, conversations, decisions and
/// snapshots; the interaction's own events (through an index on their interaction id) for interactions, folded with
/// the same <see cref="EffectiveInteractions"/> the reports use, so a voided one no longer counts.
/// </summary>
public sealed class ReferenceResolver(LedgerDatabase database)
{
    public async Task<ReferenceExists> ResolveAsync(IEnumerable<EntityRef> references, CancellationToken cancellationToken)
    {
        var wanted = references.Distinct().ToList();
        var found = new HashSet<EntityRef>();
        if (wanted.Count == 0) return found.Contains;

        var byStream = wanted.Where(r => StreamOf(r) is not null).ToDictionary(r => StreamOf(r)!, r => r);
        if (byStream.Count > 0)
        {
            await using var command = database.DataSource.CreateCommand(
                "SELECT stream_id FROM ledger.events WHERE stream_id = ANY($1) AND stream_version = 1");
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = byStream.Keys.ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) found.Add(byStream[reader.GetString(0)]);
        }

        foreach (var reference in wanted.Where(r => r.Kind is EntityKind.Interaction or EntityKind.InformationalInteraction))
        {
            var effective = await InteractionAsync(reference.Id, cancellationToken);
            if (effective is null) continue;
            if (reference.Kind == EntityKind.Interaction || effective.Payload is InformationalPayload) found.Add(reference);
        }
        return found.Contains;
    }

    /// <summary>The corrected view of one interaction, or null if it does not exist or was voided.</summary>
    public Task<EffectiveInteraction?> InteractionAsync(Guid interactionId, CancellationToken cancellationToken) =>
        InteractionAsync(interactionId, long.MaxValue, cancellationToken);

    /// <summary>The interaction as corrected by the events at positions ≤ <paramref name="asOf"/> (lineage as of a position).</summary>
    public async Task<EffectiveInteraction?> InteractionAsync(Guid interactionId, long asOf, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT position, stream_id, stream_version, event_id, event_type, schema_version, data::text, actor, correlation_id, causation_id, occurred_at, recorded_at, hash " +
            "FROM ledger.events WHERE (data ->> 'interactionId') = $1 " +
            "AND event_type IN ('interaction-recorded', 'interaction-reclassified', 'interaction-voided') AND position <= $2 ORDER BY position");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = interactionId.ToString() });
        command.Parameters.AddWithValue(asOf);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        EffectiveInteraction? current = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var stored = new StoredEvent(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetGuid(3), reader.GetString(4),
                reader.GetInt32(5), reader.GetString(6), reader.GetString(7), null, null, reader.GetFieldValue<DateTimeOffset>(10),
                reader.GetFieldValue<DateTimeOffset>(11), reader.GetFieldValue<byte[]>(12));
            if (EventSerializer.FromStored(stored) is { } domainEvent) current = EffectiveInteractions.Apply(current, domainEvent);
        }
        return current;
    }

    private static string? StreamOf(EntityRef reference) =>
        reference.Kind switch
        {
            EntityKind.Participant => StreamIds.Participant(reference.Id),
            EntityKind.Initiative => StreamIds.Initiative(reference.Id),
            EntityKind.Conversation => StreamIds.Conversation(reference.Id),
            EntityKind.Decision => StreamIds.Decision(reference.Id),
            EntityKind.ReportSnapshot => $"snapshot-{reference.Id:N}",
            _ => null,
        };
}
