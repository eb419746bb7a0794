using System.Security.Cryptography;
using System.Text;

namespace Ledger.EventStore;

/// <summary>
/// A UUID derived from a name: the same name always gives the same id (RFC 9562 version 8, from SHA-256). Used wherever
/// a retry, a re-run or a replay must produce the ids it produced before (idempotency keys, imports, demo data, pilots).
/// </summary>
public static class DeterministicId
{
    public static Guid From(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
