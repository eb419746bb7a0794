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

    public static Guid For(HttpContext context, string purpose)
    {
        if (context.Items[ItemKey] is not string scope) return Guid.CreateVersion7();
        return DeterministicId.From($"{scope}\n{purpose}");
    }
}
