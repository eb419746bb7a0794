using System.Text;
using Ledger.EventStore.Hashing;

namespace Ledger.EventStore.Verification;

/// <summary>
/// Walks events in position order and recomputes the chain, with no I/O: the online verifier feeds it rows from
/// PostgreSQL, the offline verifier feeds it an export file. Stops at the first missing or altered position.
/// </summary>
public sealed class ChainWalker
{
    private byte[] _previousHash;
    private long _expected;
    private readonly long _start;

    /// <param name="fromPosition">First position to check.</param>
    /// <param name="previousHash">Hash of <paramref name="fromPosition"/> − 1 (32 zero bytes when starting at 1).</param>
    public ChainWalker(long fromPosition, byte[] previousHash)
    {
        _start = fromPosition;
        _expected = fromPosition;
        _previousHash = previousHash;
    }

    public long LastGoodPosition => _expected - 1;
    public byte[] LastGoodHash => _previousHash;
    public long Checked => _expected - _start;
    public long? BadPosition { get; private set; }
    public string? Problem { get; private set; }
    public bool IsBroken => BadPosition is not null;

    /// <summary>Checks the next event; returns false (and records why) at the first inconsistency.</summary>
    public bool Accept(StoredEvent e) => Accept(e, ContentDigestOf(e));

    /// <summary>As <see cref="Accept(StoredEvent)"/>, with content(n) computed beforehand (possibly in parallel).</summary>
    public bool Accept(StoredEvent e, ReadOnlySpan<byte> contentDigest)
    {
        if (IsBroken) return false;
        if (e.Position != _expected)
            return Fail(_expected, e.Position > _expected
                ? $"position {_expected} is missing (the next stored position is {e.Position})"
                : $"position {e.Position} appears out of order or twice");

        Span<byte> hash = stackalloc byte[EventHasher.HashSize];
        EventHasher.Chain(_previousHash, contentDigest, hash);
        if (!hash.SequenceEqual(e.Hash))
            return Fail(e.Position, "the stored hash does not match the event's content and its predecessor's hash");

        _previousHash = hash.ToArray();
        _expected++;
        return true;
    }

    /// <summary>content(n) of a stored event, from its stored fields alone.</summary>
    public static byte[] ContentDigestOf(StoredEvent e)
    {
        var digest = new byte[EventHasher.HashSize];
        EventHasher.ContentDigest(e.Position, e.StreamVersion, e.EventId, e.SchemaVersion, e.OccurredAt, e.RecordedAt,
            e.StreamId, e.EventType, e.Actor, e.CorrelationId, e.CausationId, Encoding.UTF8.GetBytes(e.Data), digest);
        return digest;
    }

    /// <summary>Declares a problem found outside the rows themselves (e.g. the head disagrees).</summary>
    public bool Fail(long position, string problem)
    {
        BadPosition ??= position;
        Problem ??= problem;
        return false;
    }

    public VerificationResult Result() =>
        IsBroken
            ? VerificationResult.Broken(LastGoodPosition, Convert.ToHexStringLower(_previousHash), BadPosition!.Value, Problem!, Checked)
            : VerificationResult.Ok(LastGoodPosition, Convert.ToHexStringLower(_previousHash), Checked);
}
