using Ledger.EventStore;

namespace Ledger.Api.Idempotency;

/// <summary>
/// Ids a request creates (event ids, and entity ids the client did not supply). With an Idempotency-Key they are
/// derived from it, so a retry that re-executes produces the same ids and the store recognises it; without one they
/// are fresh version-7 UUIDs.
/// </summary>
public static class RequestIds
{
    internal const string ItemKey = "ledger:idempotency";
    private const string MintedKey = "ledger:minted-ids";

    public static Guid For(HttpContext context, string purpose)
    {
        if (context.Items[ItemKey] is string scope) return DeterministicId.From($"{scope}\n{purpose}");
        var id = Guid.CreateVersion7();
        if (context.Items[MintedKey] is not HashSet<Guid> minted) context.Items[MintedKey] = minted = [];
        minted.Add(id);
        return id;
    }

    /// <summary>
    /// True when <paramref name="id"/> was minted fresh by <see cref="For"/> in this request: no event recorded before
    /// can name it, so nothing needs to be looked up to know that.
    /// </summary>
    public static bool IsFresh(HttpContext context, Guid id) => context.Items[MintedKey] is HashSet<Guid> minted && minted.Contains(id);
}
