namespace Ledger.Api.Lineage;

/// <summary>A node of a decision's lineage: a decision, report snapshot or pilot run, conversation, interaction or participant.</summary>
public sealed record LineageNode(string Id, string Kind, string Label, long? Position, bool Erased = false, bool Missing = false);

/// <summary>An edge "from was informed by / used / was attributed to … to".</summary>
public sealed record LineageEdge(string From, string To, string Relation);

/// <param name="AsOfPosition">The log position the graph is read as of: nothing recorded after it is shown.</param>
public sealed record LineageGraph(string Root, string Direction, int Depth, long AsOfPosition, IReadOnlyList<LineageNode> Nodes, IReadOnlyList<LineageEdge> Edges);
