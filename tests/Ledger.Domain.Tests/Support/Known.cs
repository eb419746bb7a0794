using Ledger.Domain.Common;

namespace Ledger.Domain.Tests.Support;

/// <summary>Ready-made answers to "does this reference exist?".</summary>
public static class Known
{
    public static ReferenceExists Everything { get; } = _ => true;

    public static ReferenceExists Nothing { get; } = _ => false;

    public static ReferenceExists Only(params EntityRef[] references)
    {
        var set = references.ToHashSet();
        return set.Contains;
    }

    public static ReferenceExists AllBut(params EntityRef[] references)
    {
        var set = references.ToHashSet();
        return r => !set.Contains(r);
    }
}
