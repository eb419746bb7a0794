namespace Ledger.Api.Lineage;

/// <summary>
/// W3C PROV in the PROV-JSON serialization: decisions, report snapshots and pilot runs are activities (each generating
/// an entity, its record), interactions and conversations are entities, participants are agents. Relations:
/// wasInformedBy (decision ← earlier decision), used (decision → interaction, conversation, snapshot result),
/// wasDerivedFrom (interaction → conversation), wasAttributedTo (entity → participant), wasGeneratedBy (record → activity).
/// </summary>
public static class ProvJson
{
    public const string Namespace = "https://ledger.example/ns#";

    public static Dictionary<string, object> From(LineageGraph graph)
    {
        var entity = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var activity = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var agent = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var wasInformedBy = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var used = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var wasDerivedFrom = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var wasAttributedTo = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var wasGeneratedBy = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var kinds = graph.Nodes.ToDictionary(n => n.Id, n => n.Kind);

        foreach (var node in graph.Nodes)
        {
            var attributes = new Dictionary<string, object> { ["prov:label"] = node.Label, ["ledger:kind"] = node.Kind };
            if (node.Position is { } position) attributes["ledger:position"] = position;
            if (node.Erased) attributes["ledger:erased"] = true;
            switch (node.Kind)
            {
                case "participant":
                    agent[Q(node.Id)] = attributes;
                    break;
                case "decision" or "reportSnapshot" or "pilotRun":
                    activity[Q(node.Id)] = attributes;
                    entity[Record(node.Id)] = new Dictionary<string, object> { ["prov:label"] = $"record of {node.Label}", ["ledger:kind"] = $"{node.Kind}Record" };
                    wasGeneratedBy[$"_:gen-{node.Id}"] = new Dictionary<string, object> { ["prov:entity"] = Record(node.Id), ["prov:activity"] = Q(node.Id) };
                    break;
                default:
                    entity[Q(node.Id)] = attributes;
                    break;
            }
        }

        foreach (var edge in graph.Edges)
        {
            var id = $"_:{edge.Relation}-{edge.From}-{edge.To}";
            var fromIsActivity = kinds.GetValueOrDefault(edge.From) is "decision" or "reportSnapshot" or "pilotRun";
            var toIsActivity = kinds.GetValueOrDefault(edge.To) is "decision" or "reportSnapshot" or "pilotRun";
            switch (edge.Relation)
            {
                case "wasInformedBy" or "supersedes":
                    wasInformedBy[id] = new Dictionary<string, object> { ["prov:informed"] = Q(edge.From), ["prov:informant"] = Q(edge.To) };
                    break;
                case "used" when toIsActivity:
                    // A decision that cites a snapshot or pilot run used the record that run generated.
                    used[id] = new Dictionary<string, object> { ["prov:activity"] = Q(edge.From), ["prov:entity"] = Record(edge.To) };
                    break;
                case "used":
                    used[id] = new Dictionary<string, object> { ["prov:activity"] = Q(edge.From), ["prov:entity"] = Q(edge.To) };
                    break;
                case "wasDerivedFrom":
                    wasDerivedFrom[id] = new Dictionary<string, object> { ["prov:generatedEntity"] = Q(edge.From), ["prov:usedEntity"] = Q(edge.To) };
                    break;
                case "wasAttributedTo" or "receivedBy" or "hadParticipant":
                    var subject = fromIsActivity ? Record(edge.From) : Q(edge.From);
                    var relation = new Dictionary<string, object> { ["prov:entity"] = subject, ["prov:agent"] = Q(edge.To) };
                    if (edge.Relation != "wasAttributedTo") relation["prov:type"] = $"ledger:{edge.Relation}";
                    wasAttributedTo[id] = relation;
                    break;
            }
        }

        return new Dictionary<string, object>
        {
            ["prefix"] = new Dictionary<string, string> { ["ledger"] = Namespace, ["prov"] = "http://www.w3.org/ns/prov#" },
            ["entity"] = entity,
            ["activity"] = activity,
            ["agent"] = agent,
            ["wasInformedBy"] = wasInformedBy,
            ["used"] = used,
            ["wasDerivedFrom"] = wasDerivedFrom,
            ["wasAttributedTo"] = wasAttributedTo,
            ["wasGeneratedBy"] = wasGeneratedBy,
        };
    }

    private static string Q(string id) => $"ledger:{id.Replace(':', '-')}";

    private static string Record(string id) => $"ledger:{id.Replace(':', '-')}-record";
}
