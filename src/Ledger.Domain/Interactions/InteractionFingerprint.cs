using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Ledger.Domain.Interactions;

/// <summary>A SHA-256 digest held inline (32 bytes, no allocation), compared by value.</summary>
public readonly record struct Fingerprint(ulong A, ulong B, ulong C, ulong D)
{
    public static Fingerprint Of(ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        return new(
            BinaryPrimitives.ReadUInt64LittleEndian(hash),
            BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(hash[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(hash[24..]));
    }
}

/// <summary>
/// Fingerprints that stand in for the full events in a conversation's state. Two values get the same fingerprint
/// exactly when the records are equal as C# compares them today (SHA-256 collisions aside): strings ordinally (null
/// apart from ""), decimals by value (1.0 = 1.00), instants by their UTC time (what <see cref="DateTimeOffset"/>'s
/// equality compares), lists in order, payloads by their case and fields. A field added to one of these records must
/// be added here too; <c>InteractionFingerprintTests</c> fails until it is.
/// </summary>
public static class InteractionFingerprint
{
    /// <summary>Everything <see cref="InteractionRecorded"/> carries: re-recording is a no-op only on the same fingerprint.</summary>
    public static Fingerprint Of(InteractionRecorded e)
    {
        var w = new Writer();
        w.Text("interaction-recorded/1");
        w.Guid(e.ConversationId);
        w.Guid(e.InteractionId);
        w.Guid(e.SenderId);
        w.Int(e.ReceiverIds.Count);
        foreach (var receiver in e.ReceiverIds) w.Guid(receiver);
        w.Instant(e.OccurredAt);
        w.Text(e.ContentHash);
        w.Text(e.Source.System);
        w.Text(e.Source.Id);
        Classified(ref w, e.Payload, e.Classification);
        return w.Finish();
    }

    /// <summary>What a reclassification changes: reclassifying to the same payload and classification is a no-op.</summary>
    public static Fingerprint Of(TransactionPayload payload, Classification classification)
    {
        var w = new Writer();
        w.Text("classified/1");
        Classified(ref w, payload, classification);
        return w.Finish();
    }

    private static void Classified(ref Writer w, TransactionPayload payload, Classification classification)
    {
        switch (payload)
        {
            case MonetaryPayload p:
                w.Int(1);
                w.Decimal(p.Amount);
                w.Text(p.Currency);
                w.Int((int)p.Direction);
                w.Text(p.Reference);
                break;
            case InformationalPayload p:
                w.Int(2);
                w.Int((int)p.What);
                w.Text(p.Topic);
                w.OptionalGuid(p.BuildsOn);
                break;
            case LogisticalPayload p:
                w.Int(3);
                w.Text(p.Item);
                w.Decimal(p.Quantity);
                w.Text(p.Unit);
                w.Int((int)p.Status);
                break;
            case EmotionalPayload p:
                w.Int(4);
                w.Int((int)p.Signal);
                w.Decimal(p.Valence);
                w.Int(p.Intensity);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(payload), payload.GetType().Name, "Unknown payload case.");
        }

        w.Int((int)classification.Source);
        w.Text(classification.RuleId);
        w.Decimal(classification.Confidence);
    }

    /// <summary>A length-prefixed, tagged binary encoding, so that no two different values write the same bytes.</summary>
    private ref struct Writer
    {
        private byte[] _buffer;
        private int _length;

        public Writer() => _buffer = new byte[512];

        public void Guid(Guid value) => value.TryWriteBytes(Take(16));

        public void OptionalGuid(Guid? value)
        {
            Byte(value is null ? (byte)0 : (byte)1);
            if (value is { } v) Guid(v);
        }

        public void Int(int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), value);

        public void Instant(DateTimeOffset value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), value.UtcTicks);

        /// <summary>UTF-16 code units as they are, so that ordinal equality (lone surrogates included) is preserved.</summary>
        public void Text(string? value)
        {
            Byte(value is null ? (byte)0 : (byte)1);
            if (value is null) return;
            Int(value.Length);
            MemoryMarshal.AsBytes(value.AsSpan()).CopyTo(Take(value.Length * 2));
        }

        /// <summary>The value without trailing zeros (1.50 = 1.5) and without the sign of zero, as decimal equality has it.</summary>
        public void Decimal(decimal value)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(value, bits);
            var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
            var scale = (bits[3] >> 16) & 0xFF;
            var negative = bits[3] < 0 && mantissa != 0;
            while (scale > 0 && mantissa % 10 == 0)
            {
                mantissa /= 10;
                scale--;
            }

            if (mantissa == 0) scale = 0;
            Byte(negative ? (byte)1 : (byte)0);
            Byte((byte)scale);
            BinaryPrimitives.WriteUInt64LittleEndian(Take(8), (ulong)mantissa);
            BinaryPrimitives.WriteUInt32LittleEndian(Take(4), (uint)(mantissa >> 64));
        }

        public readonly Fingerprint Finish() => Fingerprint.Of(_buffer.AsSpan(0, _length));

        private void Byte(byte value) => Take(1)[0] = value;

        private Span<byte> Take(int count)
        {
            if (_length + count > _buffer.Length)
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
            var span = _buffer.AsSpan(_length, count);
            _length += count;
            return span;
        }
    }
}
