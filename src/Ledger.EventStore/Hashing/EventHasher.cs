using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Ledger.EventStore.Hashing;

/// <summary>
/// The hash chain. For the event at position n:
/// <c>content(n) = SHA-256(v1 ‖ position ‖ stream version ‖ event id ‖ schema version ‖ occurred-at µs ‖ recorded-at µs ‖
/// stream id ‖ type ‖ actor ‖ correlation id ‖ causation id ‖ data)</c>, integers big-endian, strings as a 32-bit byte
/// length (−1 for null) then UTF-8; and <c>hash(n) = SHA-256(hash(n−1) ‖ content(n))</c> with 32 zero bytes before
/// position 1. Splitting content from chaining lets the costly part run in parallel while the chain stays sequential.
/// </summary>
public static class EventHasher
{
    public const int HashSize = 32;
    private const byte FormatVersion = 1;

    /// <summary>The hash "before" position 1.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[HashSize];

    /// <summary>Computes content(n) for one event.</summary>
    public static void ContentDigest(
        long position, long streamVersion, Guid eventId, int schemaVersion,
        DateTimeOffset occurredAt, DateTimeOffset recordedAt,
        string streamId, string eventType, string actor, string? correlationId, string? causationId,
        ReadOnlySpan<byte> canonicalData, Span<byte> destination)
    {
        var size = 1 + 8 + 8 + 16 + 4 + 8 + 8
                   + StringSize(streamId) + StringSize(eventType) + StringSize(actor)
                   + StringSize(correlationId) + StringSize(causationId) + 4 + canonicalData.Length;
        var rented = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var span = rented.AsSpan(0, size);
            var offset = 0;
            span[offset++] = FormatVersion;
            BinaryPrimitives.WriteInt64BigEndian(span[offset..], position); offset += 8;
            BinaryPrimitives.WriteInt64BigEndian(span[offset..], streamVersion); offset += 8;
            eventId.TryWriteBytes(span[offset..], bigEndian: true, out _); offset += 16;
            BinaryPrimitives.WriteInt32BigEndian(span[offset..], schemaVersion); offset += 4;
            BinaryPrimitives.WriteInt64BigEndian(span[offset..], Timestamps.ToUnixMicroseconds(occurredAt)); offset += 8;
            BinaryPrimitives.WriteInt64BigEndian(span[offset..], Timestamps.ToUnixMicroseconds(recordedAt)); offset += 8;
            offset += WriteString(span[offset..], streamId);
            offset += WriteString(span[offset..], eventType);
            offset += WriteString(span[offset..], actor);
            offset += WriteString(span[offset..], correlationId);
            offset += WriteString(span[offset..], causationId);
            BinaryPrimitives.WriteInt32BigEndian(span[offset..], canonicalData.Length); offset += 4;
            canonicalData.CopyTo(span[offset..]);
            SHA256.HashData(span, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>hash(n) = SHA-256(hash(n−1) ‖ content(n)).</summary>
    public static void Chain(ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> contentDigest, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[HashSize * 2];
        previousHash.CopyTo(input);
        contentDigest.CopyTo(input[HashSize..]);
        SHA256.HashData(input, destination);
    }

    private static int StringSize(string? value) => 4 + (value is null ? 0 : Encoding.UTF8.GetByteCount(value));

    private static int WriteString(Span<byte> span, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(span, -1);
            return 4;
        }
        var length = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        return 4 + length;
    }
}

/// <summary>PostgreSQL keeps microseconds; the chain must hash exactly what is stored.</summary>
public static class Timestamps
{
    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }

    public static long ToUnixMicroseconds(DateTimeOffset value) =>
        (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
