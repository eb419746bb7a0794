namespace Ledger.Projections;

/// <summary>Anchors the assembly until the first projection lands (issue 5).</summary>
internal static class AssemblyMarker;
