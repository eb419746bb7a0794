using System.Text.Json;
using Ledger.Api.Commands;
using Ledger.Api.Hosting;
using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Decisions;
using Ledger.Domain.Interactions;
using Ledger.EventStore;
using Ledger.Projections.Serialization;
using Npgsql;

namespace Ledger.Api.Lineage;

/// <summary>
/// Follows the links auditors care about, from the log itself: a decision's <c>informedBy</c> (interactions,
/// conversations, earlier decisions, report snapshots and pilot runs), the decision it supersedes, the conversation and
/// participants behind each interaction, and who decided — up to a depth limit; and the reverse (which decisions an
/// interaction, conversation or pilot run influenced, transitively through later decisions). Both read the log as of
/// a position: decisions, erasures and corrections recorded after it are not seen, so a past lineage is what an auditor
/// would have found then.
/// </summary>
public sealed class LineageBuilder(LedgerDatabase database, ReferenceResolver references)
{
    public const int MaxDepth = 10;

    public async Task<LineageGraph> UpstreamAsync(Guid decisionId, int depth, long asOf, CancellationToken cancellationToken)
    {
        var graph = new Builder();
        var decisions = await DecisionsAsync(asOf, cancellationToken);
        if (!decisions.ContainsKey(decisionId))
        {
            var recordedAt = await DecisionPositionAsync(decisionId, cancellationToken);
            throw recordedAt is { } later
                ? DomainException.NotFound("decision_not_yet_recorded", $"Decision {decisionId} was recorded at position {later}, after position {asOf}: as of position {asOf} it did not exist yet.")
                : DomainException.NotFound("decision_not_found", $"Decision {decisionId} does not exist.");
        }
        var erased = await ErasedParticipantsAsync(asOf, cancellationToken);
        var frontier = new Queue<(EntityRef Ref, int Level)>();
        frontier.Enqueue((new EntityRef(EntityKind.Decision, decisionId), 0));
        var seen = new HashSet<EntityRef>();
        while (frontier.TryDequeue(out var item))
        {
            var (reference, level) = item;
            if (!seen.Add(reference)) continue;
            var id = Id(reference);
            switch (reference.Kind)
            {
                case EntityKind.Decision when decisions.TryGetValue(reference.Id, out var d):
                    graph.Node(new LineageNode(id, "decision", d.Recorded.Title, d.Position));
                    graph.Node(Participant(d.Recorded.DecidedBy, erased));
                    graph.Edge(id, Id(EntityKind.Participant, d.Recorded.DecidedBy), "wasAttributedTo");
                    if (level >= depth) break;
                    foreach (var informed in d.Recorded.InformedBy)
                    {
                        graph.Edge(id, Id(informed), informed.Kind == EntityKind.Decision ? "wasInformedBy" : "used");
                        frontier.Enqueue((informed, level + 1));
                    }
                    if (d.Recorded.Supersedes is { } old)
                    {
                        graph.Edge(id, Id(EntityKind.Decision, old), "supersedes");
                        frontier.Enqueue((new EntityRef(EntityKind.Decision, old), level + 1));
                    }
                    break;
                case EntityKind.Interaction or EntityKind.InformationalInteraction:
                    var interaction = await references.InteractionAsync(reference.Id, asOf, cancellationToken);
                    if (interaction is null)
                    {
                        graph.Node(new LineageNode(id, "interaction", "voided or unknown interaction", null, Missing: true));
                        break;
                    }
                    graph.Node(new LineageNode(id, "interaction", $"{interaction.Kind.ToString().ToLowerInvariant()} transaction", null));
                    graph.Node(Participant(interaction.SenderId, erased));
                    graph.Edge(id, Id(EntityKind.Participant, interaction.SenderId), "wasAttributedTo");
                    foreach (var receiver in interaction.ReceiverIds)
                    {
                        graph.Node(Participant(receiver, erased));
                        graph.Edge(id, Id(EntityKind.Participant, receiver), "receivedBy");
                    }
                    graph.Edge(id, Id(EntityKind.Conversation, interaction.ConversationId), "wasDerivedFrom");
                    if (level < depth) frontier.Enqueue((new EntityRef(EntityKind.Conversation, interaction.ConversationId), level + 1));
                    break;
                case EntityKind.Conversation:
                    var opened = await FirstEventAsync<ConversationOpened>(StreamIds.Conversation(reference.Id), asOf, cancellationToken);
                    graph.Node(new LineageNode(id, "conversation", opened is null ? "unknown conversation" : $"{opened.Channel.ToString().ToLowerInvariant()} conversation", null, Missing: opened is null));
                    foreach (var participant in opened?.ParticipantIds ?? [])
                    {
                        graph.Node(Participant(participant, erased));
                        graph.Edge(id, Id(EntityKind.Participant, participant), "hadParticipant");
                    }
                    break;
                case EntityKind.ReportSnapshot:
                    var snapshot = await SnapshotAsync(reference.Id, asOf, cancellationToken);
                    graph.Node(snapshot is null
                        ? new LineageNode(id, "snapshot", "unknown snapshot", null, Missing: true)
                        : new LineageNode(id, snapshot.Value.Kind, snapshot.Value.Label, snapshot.Value.PinnedPosition));
                    break;
                default:
                    graph.Node(new LineageNode(id, reference.Kind.ToString().ToLowerInvariant(), "unknown", null, Missing: true));
                    break;
            }
        }
        return graph.Build(Id(EntityKind.Decision, decisionId), "upstream", depth, asOf);
    }

    /// <summary>The decisions that <paramref name="reference"/> influenced, directly or through later decisions citing them.</summary>
    public async Task<LineageGraph> DownstreamAsync(EntityRef reference, int depth, long asOf, CancellationToken cancellationToken)
    {
        var decisions = await DecisionsAsync(asOf, cancellationToken);
        var graph = new Builder();
        var root = Id(reference);
        graph.Node(new LineageNode(root, reference.Kind.ToString().ToLowerInvariant(), "", null));
        var frontier = new Queue<(EntityRef Ref, int Level)>([(reference, 0)]);
        var seen = new HashSet<EntityRef>();
        while (frontier.TryDequeue(out var item))
        {
            if (!seen.Add(item.Ref) || item.Level >= depth) continue;
            foreach (var (id, d) in decisions)
            {
                var cites = d.Recorded.InformedBy.Any(r => r.Id == item.Ref.Id && (r.Kind == item.Ref.Kind || IsInteraction(r.Kind) && IsInteraction(item.Ref.Kind)));
                if (!cites) continue;
                var decision = new EntityRef(EntityKind.Decision, id);
                graph.Node(new LineageNode(Id(decision), "decision", d.Recorded.Title, d.Position));
                graph.Edge(Id(decision), Id(item.Ref), item.Ref.Kind == EntityKind.Decision ? "wasInformedBy" : "used");
                frontier.Enqueue((decision, item.Level + 1));
            }
        }
        return graph.Build(root, "downstream", depth, asOf);
    }

    private static bool IsInteraction(EntityKind kind) => kind is EntityKind.Interaction or EntityKind.InformationalInteraction;

    private static LineageNode Participant(Guid id, HashSet<Guid> erased) =>
        new(Id(EntityKind.Participant, id), "participant", erased.Contains(id) ? "erased participant" : "participant", null, Erased: erased.Contains(id));

    public static string Id(EntityRef reference) => Id(reference.Kind is EntityKind.InformationalInteraction ? EntityKind.Interaction : reference.Kind, reference.Id);

    public static string Id(EntityKind kind, Guid id) => $"{kind.ToString().ToLowerInvariant()}:{id}";

    private sealed record DecisionEntry(DecisionRecorded Recorded, long Position);

    private async Task<Dictionary<Guid, DecisionEntry>> DecisionsAsync(long asOf, CancellationToken cancellationToken)
    {
        var decisions = new Dictionary<Guid, DecisionEntry>();
        await using var command = database.DataSource.CreateCommand(
            "SELECT position, data::text FROM ledger.events WHERE event_type = 'decision-recorded' AND position <= $1 ORDER BY position");
        command.Parameters.AddWithValue(asOf);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var recorded = JsonSerializer.Deserialize<DecisionRecorded>(reader.GetString(1), DomainJson.Options)!;
            decisions[recorded.DecisionId] = new DecisionEntry(recorded, reader.GetInt64(0));
        }
        return decisions;
    }

    /// <summary>Where a decision was recorded, whatever the as-of position: to tell "not yet" from "never".</summary>
    private async Task<long?> DecisionPositionAsync(Guid decisionId, CancellationToken cancellationToken)
    {
        await foreach (var e in database.Store.ReadStreamAsync(StreamIds.Decision(decisionId), maxCount: 1, cancellationToken: cancellationToken))
            return e.Position;
        return null;
    }

    private async Task<HashSet<Guid>> ErasedParticipantsAsync(long asOf, CancellationToken cancellationToken)
    {
        var erased = new HashSet<Guid>();
        await using var command = database.DataSource.CreateCommand(
            $"SELECT data->>'participantId' FROM ledger.events WHERE event_type = '{PersonalData.ErasureApi.ErasedType}' AND position <= $1");
        command.Parameters.AddWithValue(asOf);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Guid.TryParse(reader.GetString(0), out var id)) erased.Add(id);
        }
        return erased;
    }

    private async Task<T?> FirstEventAsync<T>(string streamId, long asOf, CancellationToken cancellationToken) where T : class
    {
        await foreach (var e in database.Store.ReadStreamAsync(streamId, maxCount: 1, cancellationToken: cancellationToken))
            return e.Position <= asOf ? EventSerializer.FromStored(e) as T : null;
        return null;
    }

    /// <summary>A report snapshot or a pilot run (both live in stream snapshot-{id}).</summary>
    private async Task<(string Kind, string Label, long PinnedPosition)?> SnapshotAsync(Guid id, long asOf, CancellationToken cancellationToken)
    {
        await foreach (var e in database.Store.ReadStreamAsync($"snapshot-{id:N}", maxCount: 1, cancellationToken: cancellationToken))
        {
            if (e.Position > asOf) return null;
            using var json = JsonDocument.Parse(e.Data);
            var root = json.RootElement;
            var pinned = root.TryGetProperty("pinnedPosition", out var p) ? p.GetInt64() : root.TryGetProperty("position", out var q) ? q.GetInt64() : 0;
            return e.EventType == Pilots.PilotJobs.RecordedType
                ? ("pilotRun", root.GetProperty("hypothesis").GetProperty("name").GetString() ?? "pilot run", pinned)
                : ("reportSnapshot", root.TryGetProperty("report", out var r) ? $"{r.GetString()} report" : "report snapshot", pinned);
        }
        return null;
    }

    private sealed class Builder
    {
        private readonly Dictionary<string, LineageNode> _nodes = [];
        private readonly HashSet<LineageEdge> _edges = [];

        public void Node(LineageNode node)
        {
            if (!_nodes.TryGetValue(node.Id, out var existing) || existing.Label.Length == 0) _nodes[node.Id] = node;
        }

        public void Edge(string from, string to, string relation) => _edges.Add(new LineageEdge(from, to, relation));

        public LineageGraph Build(string root, string direction, int depth, long asOf) =>
            new(root, direction, depth, asOf, [.. _nodes.Values.OrderBy(n => n.Id, StringComparer.Ordinal)],
                [.. _edges.OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ThenBy(e => e.Relation, StringComparer.Ordinal)]);
    }
}
