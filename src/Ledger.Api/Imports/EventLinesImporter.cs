using Ledger.Api.Hosting;
using Ledger.Domain.Common;
using Ledger.EventStore;
using Ledger.Import.Interchange;
using Ledger.Projections.Serialization;

namespace Ledger.Api.Imports;

/// <summary>
/// Imports the ledger's own interchange format (JSON Lines, what export writes) through the event store's bulk path:
/// events keep their ids, streams, types, data and metadata; the importing ledger gives them its own positions,
/// recording times and chain hashes. Every line is checked before anything is written (an event type this version
/// does not know, or data that does not read as that event, is a 400 naming the line), and ids already stored with
/// the same content are skipped, so a re-run writes nothing twice. Lines are read as UTF-8 bytes straight off the
/// body (at most 4 MB): no UTF-16 copy of the batch.
/// </summary>
public sealed class EventLinesImporter(LedgerDatabase database)
{
    public const int MaxLinesPerBatch = 20_000;

    /// <summary>Event types that are not domain events and that this API reads: settings, snapshots, erasures.</summary>
    private static readonly HashSet<string> OtherKnownTypes =
        [.. EventLines.SettingsTypes, Reports.SnapshotsApi.TakenType, PersonalData.ErasureApi.ErasedType];

    public async Task<EventLinesResult> ImportAsync(Stream body, CancellationToken cancellationToken)
    {
        var lines = await ReadLinesAsync(body, cancellationToken);
        var (events, errors) = EventLines.ParseBatch(lines, OtherKnownTypes);
        if (errors.Count > 0)
            throw DomainException.Validation("invalid_import", $"{errors.Count} line(s) are not importable events; nothing was written.",
                [.. errors.Take(50).Select(e => new FieldError($"line {e.LineNumber}", "invalid_line", e.Reason))]);
        var result = await database.Store.BulkImportAsync(ToAsync(events), cancellationToken: cancellationToken);
        return new EventLinesResult(events.Length, result.Imported, result.Skipped, result.FirstPosition, result.LastPosition);
    }

    private static async Task<List<(long, ReadOnlyMemory<byte>)>> ReadLinesAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken); // Kestrel bounds the body (Limits.MaxRequestBodyBytes)
        ReadOnlyMemory<byte> bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Span.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        var lines = new List<(long, ReadOnlyMemory<byte>)>();
        var lineNumber = 0L;
        while (!bytes.IsEmpty)
        {
            lineNumber++;
            var end = bytes.Span.IndexOf((byte)'\n');
            var line = end < 0 ? bytes : bytes[..end];
            bytes = end < 0 ? ReadOnlyMemory<byte>.Empty : bytes[(end + 1)..];
            if (line.Span.Trim(" \t\r"u8).IsEmpty) continue;
            if (lines.Count >= MaxLinesPerBatch)
                throw new ClientInputException("body", $"A batch holds at most {MaxLinesPerBatch} lines.", "batch_too_large");
            lines.Add((lineNumber, line));
        }
        if (lines.Count == 0) throw new ClientInputException("body", "The body holds no event lines.", "empty_import");
        return lines;
    }

    private static async IAsyncEnumerable<(string StreamId, EventData Event)> ToAsync((string StreamId, EventData Event)[] events)
    {
        foreach (var e in events) yield return e;
        await Task.CompletedTask;
    }
}
