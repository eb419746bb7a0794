using System.Security.Cryptography;
using System.Text;

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
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\n{purpose}"));
        // Shape it as an RFC 9562 version-8 (custom) UUID.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
