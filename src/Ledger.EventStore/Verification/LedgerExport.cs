using System.Globalization;
using System.Text.Json;

namespace Ledger.EventStore.Verification;

/// <summary>
/// The ledger's interchange line (JSON Lines): every field the chain covers, with <c>data</c> as the exact canonical
/// text that was hashed (a string, not re-serialised JSON), timestamps to the microsecond, the hash in hex. An export
/// can be verified offline against a signed digest with no database (<see cref="OfflineVerifier"/>).
/// </summary>
public static class LedgerExport
{
    private sealed record Line(
        long Position, string StreamId, long StreamVersion, Guid EventId, string EventType, int SchemaVersion, string Data,
        string Actor, string? CorrelationId, string? CausationId, string OccurredAt, string RecordedAt, string Hash);

    // Relaxed escaping keeps the file readable (quotes as \", non-ASCII as UTF-8); it is never embedded in HTML.
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToLine(StoredEvent e) =>
        JsonSerializer.Serialize(new Line(e.Position, e.StreamId, e.StreamVersion, e.EventId, e.EventType, e.SchemaVersion, e.Data, e.Actor,
            e.CorrelationId, e.CausationId, Time(e.OccurredAt), Time(e.RecordedAt), e.HashHex), Options);

    /// <summary>Parses one line; a malformed line is a <see cref="FormatException"/> naming what is wrong.</summary>
    public static StoredEvent FromLine(string line)
    {
        Line? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<Line>(line, Options);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not a ledger export line: {ex.Message}");
        }
        if (parsed is null || parsed.StreamId is null || parsed.Data is null || parsed.Hash is null || parsed.EventType is null || parsed.Actor is null)
            throw new FormatException("not a ledger export line: a required field is missing");
        return new StoredEvent(parsed.Position, parsed.StreamId, parsed.StreamVersion, parsed.EventId, parsed.EventType, parsed.SchemaVersion, parsed.Data,
            parsed.Actor, parsed.CorrelationId, parsed.CausationId, ParseTime(parsed.OccurredAt), ParseTime(parsed.RecordedAt), Convert.FromHexString(parsed.Hash));
    }

    /// <summary>An event not yet in any ledger as an interchange line (no position, recording time or hash): what the demo generator writes.</summary>
    /// <remarks><c>data</c> is written in the canonical form the chain hashes, as an export writes it, so an import reads it as is.</remarks>
    public static string ToImportLine(string streamId, EventData e) =>
        JsonSerializer.Serialize(new ImportLine(null, streamId, e.EventId, e.EventType, e.SchemaVersion,
            System.Text.Encoding.UTF8.GetString(Hashing.JsonbCanonical.Canonicalize(e.Data, "data")),
            e.Metadata.Actor, e.Metadata.CorrelationId, e.Metadata.CausationId, Time(e.Metadata.OccurredAt)), ImportOptions);

    // Absent optional fields are left out rather than written as null.
    private static readonly JsonSerializerOptions ImportOptions = new(Options) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>
    /// An interchange line as an event to import: what the chain records about it (stream, id, type, data, metadata),
    /// the position it had if any (null when absent). Position, stream version, recording time and hash are optional,
    /// since the importing ledger assigns its own. A malformed line is a <see cref="FormatException"/> naming the problem.
    /// </summary>
    public static (string StreamId, EventData Event, long? Position) ToImport(string line) => ImportLineReader.Read(line);

    /// <summary>As <see cref="ToImport(string)"/>, from the line's UTF-8 bytes (what an import reads off the wire).</summary>
    public static (string StreamId, EventData Event, long? Position) ToImport(ReadOnlySpan<byte> utf8Line) => ImportLineReader.Read(utf8Line);

    private static string Time(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);

    private sealed record ImportLine(
        long? Position, string? StreamId, Guid? EventId, string? EventType, int? SchemaVersion, string? Data,
        string? Actor, string? CorrelationId, string? CausationId, string? OccurredAt);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

/// <summary>Verifies an exported ledger against a signed digest, with no database.</summary>
public static class OfflineVerifier
{
    public static VerificationResult Verify(IEnumerable<string> lines, SignedDigest? digest)
    {
        if (digest is not null && !digest.HasValidSignature())
            return VerificationResult.Broken(0, "", digest.Position, "the digest's signature is not valid", 0);
        var walker = new ChainWalker(1, new byte[32]);
        var lineNumber = 0;
        foreach (var line in lines)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            StoredEvent e;
            try
            {
                e = LedgerExport.FromLine(line);
            }
            catch (FormatException ex)
            {
                walker.Fail(walker.LastGoodPosition + 1, $"line {lineNumber}: {ex.Message}");
                break;
            }
            if (!walker.Accept(e)) break;
            if (digest is not null && e.Position == digest.Position && !string.Equals(Convert.ToHexStringLower(e.Hash), digest.HeadHash, StringComparison.OrdinalIgnoreCase))
                return VerificationResult.Broken(0, "", digest.Position, $"the chain up to position {digest.Position} does not end in the signed hash", walker.Checked);
        }
        if (!walker.IsBroken && digest is not null && walker.LastGoodPosition < digest.Position)
            walker.Fail(walker.LastGoodPosition + 1, $"the export ends at position {walker.LastGoodPosition}, before the digest's position {digest.Position}");
        return walker.Result();
    }
}
