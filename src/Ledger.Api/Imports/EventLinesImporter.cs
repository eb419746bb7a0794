using System.Text.Json;
using Ledger.Api.Hosting;
using Ledger.Domain;
using Ledger.Domain.Common;
using Ledger.EventStore;
using Ledger.EventStore.Verification;
using Ledger.Import.Interchange;
using Ledger.Projections.Serialization;

namespace Ledger.Api.Imports;

/// <summary>
/// Imports the ledger's own interchange format (JSON Lines, what export writes) through the event store's bulk path:
/// events keep their ids, streams, types, data and metadata; the importing ledger gives them its own positions,
/// recording times and chain hashes. Every line is checked before anything is written (an event type this version
/// does not know, or data that does not read as that event, is a 400 naming the line), and ids already stored with
/// the same content are skipped, so a re-run writes nothing twice.
/// </summary>
public sealed class EventLinesImporter(LedgerDatabase database)
{
    public const int MaxLinesPerBatch = 20_000;

    public async Task<EventLinesResult> ImportAsync(Stream body, CancellationToken cancellationToken)
    {
        var events = await ParseAsync(body, cancellationToken);
        var result = await database.Store.BulkImportAsync(ToAsync(events), cancellationToken: cancellationToken);
        return new EventLinesResult(events.Count, result.Imported, result.Skipped, result.FirstPosition, result.LastPosition);
    }

    private static async Task<List<(string StreamId, EventData Event)>> ParseAsync(Stream body, CancellationToken cancellationToken)
    {
        var events = new List<(string, EventData)>();
        var errors = new List<FieldError>();
        using var reader = new StreamReader(body);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (events.Count >= MaxLinesPerBatch)
                throw new ClientInputException("body", $"A batch holds at most {MaxLinesPerBatch} lines.", "batch_too_large");
            try
            {
                var (streamId, data, _) = LedgerExport.ToImport(line);
                CheckKnown(data);
                events.Add((streamId, data));
            }
            catch (FormatException ex)
            {
                if (errors.Count < 50) errors.Add(new FieldError($"line {lineNumber}", "invalid_line", ex.Message));
            }
        }
        if (errors.Count > 0)
            throw DomainException.Validation("invalid_import", $"{errors.Count} line(s) are not importable events; nothing was written.", errors);
        if (events.Count == 0)
            throw new ClientInputException("body", "The body holds no event lines.", "empty_import");
        return events;
    }

    /// <summary>Only events this version can read back: an import must not plant what no projection understands.</summary>
    private static void CheckKnown(EventData data)
    {
        if (EventTypes.TypeOf(data.EventType) is not { } type)
            throw new FormatException($"unknown event type '{data.EventType}'");
        try
        {
            if (JsonSerializer.Deserialize(data.Data.Span, type, DomainJson.Options) is null)
                throw new FormatException($"data is not a {data.EventType} event");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"data is not a {data.EventType} event: {ex.Message}");
        }
    }

    private static async IAsyncEnumerable<(string StreamId, EventData Event)> ToAsync(List<(string StreamId, EventData Event)> events)
    {
        foreach (var e in events) yield return e;
        await Task.CompletedTask;
    }
}
