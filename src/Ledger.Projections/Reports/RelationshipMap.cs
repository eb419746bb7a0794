using System.Runtime.InteropServices;
using Ledger.Domain;
using Ledger.Domain.Interactions;
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
        var interactions = TimeOrder.Stable(Interactions(data.Facts));
        var edges = EdgeCounts(interactions);

        // Each counterpart's fold sees only the interactions it took part in (grouped once, in time order).
        var byCounterpart = ByCounterpart(data.Participants, interactions);
        var counterparts = data.Participants.Where(p => p.IsExternal)
            .Select(p => RelationshipLevels.Fold(p.ParticipantId, byCounterpart[p.ParticipantId]))
            .Where(s => s.Changes.Count > 0)
            .Select(s => new CounterpartHistory(s.CounterpartId, s.Level, s.Changes))
            .ToList();
        var levels = counterparts.ToDictionary(c => c.CounterpartId, c => c.Level);

        var mapEdges = new List<MapEdge>(edges.Count);
        foreach (var ((a, b), byKind) in edges)
        {
            var pa = people.GetValueOrDefault(a);
            var pb = people.GetValueOrDefault(b);
            var cross = pa is { IsExternal: false } && pb is { IsExternal: false } && pa.Department != pb.Department;
            var mixed = pa is not null && pb is not null && pa.IsExternal != pb.IsExternal;
            mapEdges.Add(new MapEdge(a, b, Weight(byKind), byKind, cross, mixed));
        }
        mapEdges.Sort(HeaviestFirst);

        var nodes = data.Participants
            .Select(p => new MapNode(p.ParticipantId, p.Type, p.Department, p.Country, p.ExternalRole, p.OrganisationId, levels.TryGetValue(p.ParticipantId, out var l) ? l : null))
            .OrderBy(n => n.Type, StringComparer.Ordinal).ThenBy(n => n.Department, StringComparer.Ordinal).ThenBy(n => n.ParticipantId).ToList();
        return new RelationshipMapReport(nodes, mapEdges, Connectivity(people, mapEdges), counterparts);
    }

    private static EffectiveInteraction[] Interactions(IReadOnlyList<FactInForce> facts)
    {
        var interactions = new EffectiveInteraction[facts.Count];
        for (var i = 0; i < interactions.Length; i++)
            interactions[i] = facts[i].Fact.ToInteraction();
        return interactions;
    }

    /// <summary>
    /// Transactions per kind on each undirected link: one from the sender to each receiver other than itself (see
    /// <see cref="LinksOf"/>). Kinds are keyed in the order they first occur, which is the order a report shows them in.
    /// </summary>
    private static Dictionary<(Guid, Guid), Dictionary<TransactionKind, long>> EdgeCounts(IReadOnlyList<EffectiveInteraction> interactions)
    {
        var edges = new Dictionary<(Guid, Guid), Dictionary<TransactionKind, long>>();
        foreach (var i in interactions)
        {
            var receivers = i.ReceiverIds;
            for (var r = 0; r < receivers.Count; r++) // indexed: a foreach on the interface would allocate an enumerator
            {
                var receiver = receivers[r];
                if (receiver == i.SenderId) continue;
                var key = i.SenderId.CompareTo(receiver) < 0 ? (i.SenderId, receiver) : (receiver, i.SenderId);
                // One lookup each, adding on first sight (so the insertion order is that of first occurrence).
                ref var byKind = ref CollectionsMarshal.GetValueRefOrAddDefault(edges, key, out _);
                byKind ??= [];
                CollectionsMarshal.GetValueRefOrAddDefault(byKind, i.Kind, out _)++;
            }
        }
        return edges;
    }

    /// <summary>
    /// The interactions each external participant took part in (as sender or receiver, once each), in the order given.
    /// Only external participants are folded, so only they are grouped.
    /// </summary>
    private static Dictionary<Guid, List<EffectiveInteraction>> ByCounterpart(IReadOnlyList<ParticipantInfo> participants, IReadOnlyList<EffectiveInteraction> interactions)
    {
        var byCounterpart = new Dictionary<Guid, List<EffectiveInteraction>>();
        foreach (var p in participants)
            if (p.IsExternal) byCounterpart[p.ParticipantId] = [];
        foreach (var i in interactions)
        {
            for (var k = -1; k < i.ReceiverIds.Count; k++)
            {
                if (!Parties.SeenBefore(i, k) && byCounterpart.TryGetValue(Parties.At(i, k), out var list)) list.Add(i);
            }
        }
        return byCounterpart;
    }

    private static long Weight(Dictionary<TransactionKind, long> byKind)
    {
        var weight = 0L;
        foreach (var count in byKind.Values)
            weight += count;
        return weight;
    }

    /// <summary>Heaviest edge first, then by ids; no two edges share both ids, so the order is total and any sort gives it.</summary>
    private static int HeaviestFirst(MapEdge x, MapEdge y)
    {
        var byWeight = y.Weight.CompareTo(x.Weight);
        if (byWeight != 0) return byWeight;
        var byA = x.A.CompareTo(y.A);
        return byA != 0 ? byA : x.B.CompareTo(y.B);
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
