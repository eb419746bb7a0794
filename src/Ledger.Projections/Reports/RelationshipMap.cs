using Ledger.Domain;
using Ledger.Projections.Analytics;

namespace Ledger.Projections.Reports;

public sealed record MapNode(Guid ParticipantId, string Type, string? Department, string? Country, string? ExternalRole, string? OrganisationId, RelationshipLevel? Level);

/// <summary>An undirected edge: how many transactions of each kind passed between two participants.</summary>
public sealed record MapEdge(Guid A, Guid B, long Weight, IReadOnlyDictionary<TransactionKind, long> ByKind, bool CrossDepartment, bool InternalExternal);

public sealed record CounterpartHistory(Guid CounterpartId, RelationshipLevel Level, IReadOnlyList<LevelChange> Changes);

/// <summary>
/// The relationship map: who transacts with whom. <see cref="CrossDepartmentConnectivity"/> is the share of pairs of
/// internal departments linked by at least one edge between their people or through a shared external counterpart
/// (0 when fewer than two departments exist).
/// </summary>
public sealed record RelationshipMapReport(
    IReadOnlyList<MapNode> Nodes, IReadOnlyList<MapEdge> Edges, decimal CrossDepartmentConnectivity, IReadOnlyList<CounterpartHistory> Counterparts);

public static class RelationshipMap
{
    public static RelationshipMapReport Compute(ReportData data)
    {
        var people = data.Participants.ToDictionary(p => p.ParticipantId);
        var interactions = data.Facts.Select(f => f.Fact.ToInteraction()).OrderBy(i => i.OccurredAt).ToList();

        var edges = new Dictionary<(Guid, Guid), Dictionary<TransactionKind, long>>();
        foreach (var i in interactions)
        {
            foreach (var receiver in i.ReceiverIds.Where(r => r != i.SenderId))
            {
                var key = i.SenderId.CompareTo(receiver) < 0 ? (i.SenderId, receiver) : (receiver, i.SenderId);
                var byKind = edges.TryGetValue(key, out var existing) ? existing : edges[key] = [];
                byKind[i.Kind] = byKind.GetValueOrDefault(i.Kind) + 1;
            }
        }

        // Each counterpart's fold sees only the interactions it took part in (grouped once, in time order).
        var byParticipant = interactions
            .SelectMany(i => i.ReceiverIds.Prepend(i.SenderId).Distinct().Select(p => (Participant: p, Interaction: i)))
            .ToLookup(x => x.Participant, x => x.Interaction);
        var counterparts = data.Participants.Where(p => p.IsExternal)
            .Select(p => RelationshipLevels.Fold(p.ParticipantId, byParticipant[p.ParticipantId]))
            .Where(s => s.Changes.Count > 0)
            .Select(s => new CounterpartHistory(s.CounterpartId, s.Level, s.Changes))
            .ToList();
        var levels = counterparts.ToDictionary(c => c.CounterpartId, c => c.Level);

        var mapEdges = edges.Select(e =>
        {
            var (a, b) = e.Key;
            var pa = people.GetValueOrDefault(a);
            var pb = people.GetValueOrDefault(b);
            var cross = pa is { IsExternal: false } && pb is { IsExternal: false } && pa.Department != pb.Department;
            var mixed = pa is not null && pb is not null && pa.IsExternal != pb.IsExternal;
            return new MapEdge(a, b, e.Value.Values.Sum(), e.Value, cross, mixed);
        }).OrderByDescending(e => e.Weight).ThenBy(e => e.A).ThenBy(e => e.B).ToList();

        var nodes = data.Participants
            .Select(p => new MapNode(p.ParticipantId, p.Type, p.Department, p.Country, p.ExternalRole, p.OrganisationId, levels.TryGetValue(p.ParticipantId, out var l) ? l : null))
            .OrderBy(n => n.Type, StringComparer.Ordinal).ThenBy(n => n.Department, StringComparer.Ordinal).ThenBy(n => n.ParticipantId).ToList();
        return new RelationshipMapReport(nodes, mapEdges, Connectivity(people, mapEdges), counterparts);
    }

    /// <summary>
    /// How many links of the map <paramref name="fact"/> adds one to, among <paramref name="participant"/>'s links (or
    /// only its link to <paramref name="counterpart"/>): the rule <see cref="Compute"/> weights edges by — one link from
    /// the sender to each receiver other than itself — so that a drill-down's weights sum to the figures of the map.
    /// </summary>
    public static int LinksOf(Transactions.TransactionFact fact, Guid participant, Guid? counterpart = null)
    {
        if (counterpart is { } other)
        {
            if (other == participant) return 0;
            return (fact.SenderId == participant && fact.ReceiverIds.Contains(other)) || (fact.SenderId == other && fact.ReceiverIds.Contains(participant)) ? 1 : 0;
        }
        return fact.SenderId == participant
            ? fact.ReceiverIds.Count(r => r != participant)
            : fact.ReceiverIds.Contains(participant) ? 1 : 0;
    }

    private static decimal Connectivity(Dictionary<Guid, ParticipantInfo> people, List<MapEdge> edges)
    {
        var departments = people.Values.Where(p => !p.IsExternal && p.Department is not null).Select(p => p.Department!).Distinct().Order(StringComparer.Ordinal).ToList();
        if (departments.Count < 2) return 0m;
        // Which departments touch each external counterpart, and which pairs of departments are linked directly.
        var linked = new HashSet<(string, string)>();
        var departmentsByCounterpart = new Dictionary<Guid, HashSet<string>>();
        foreach (var edge in edges)
        {
            var (a, b) = (people.GetValueOrDefault(edge.A), people.GetValueOrDefault(edge.B));
            if (a is null || b is null) continue;
            if (!a.IsExternal && !b.IsExternal && a.Department is { } da && b.Department is { } db && da != db)
                linked.Add(Pair(da, db));
            if (a.IsExternal != b.IsExternal)
            {
                var (external, staff) = a.IsExternal ? (a, b) : (b, a);
                if (staff.Department is { } d)
                    (departmentsByCounterpart.TryGetValue(external.ParticipantId, out var set) ? set : departmentsByCounterpart[external.ParticipantId] = []).Add(d);
            }
        }
        foreach (var set in departmentsByCounterpart.Values)
        {
            var list = set.Order(StringComparer.Ordinal).ToList();
            for (var i = 0; i < list.Count; i++)
                for (var j = i + 1; j < list.Count; j++) linked.Add(Pair(list[i], list[j]));
        }
        var possible = departments.Count * (departments.Count - 1) / 2;
        return RoundingPolicy.RoundRatio((decimal)linked.Count / possible);

        static (string, string) Pair(string x, string y) => string.CompareOrdinal(x, y) < 0 ? (x, y) : (y, x);
    }
}
