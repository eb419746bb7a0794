using System.Buffers;
using System.Collections.Concurrent;
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
/// <para>
/// A client may send the next batch while the previous one is still being written, naming the previous batch's last
/// event in <c>Import-After</c>: the batch is read and checked at once, then written only once that event is stored, so
/// checking one batch overlaps writing the other and the log keeps the file's order (a stream's events keep their
/// versions). If it never arrives (the previous batch failed), the batch is refused with 409 and nothing is written.
/// When the previous batch is still being written by this process, the batch does not wait for it: it is written
/// behind it (<see cref="EventStore.EventStore.StartBulkImport"/>), the two COPYs overlapping, and commits after it.
/// </para>
/// </summary>
public sealed class EventLinesImporter(LedgerDatabase database)
{
    public const int MaxLinesPerBatch = 20_000;
    public const string AfterHeader = "Import-After";

    /// <summary>How long a batch waits for the one it follows: far longer than writing a batch takes.</summary>
    public static readonly TimeSpan AfterWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AfterPoll = TimeSpan.FromMilliseconds(3);

    /// <summary>Batches being written, by the id of their last line: what a following batch names in Import-After.</summary>
    private readonly ConcurrentDictionary<Guid, PendingBulkImport> _writing = new();

    /// <summary>Event types that are not domain events and that this API reads: settings, snapshots, erasures.</summary>
    private static readonly HashSet<string> OtherKnownTypes =
        [.. EventLines.SettingsTypes, Reports.SnapshotsApi.TakenType, PersonalData.ErasureApi.ErasedType];

    public async Task<EventLinesResult> ImportAsync(Stream body, long? length, Guid? after, CancellationToken cancellationToken)
    {
        // One pooled buffer per batch: a growing MemoryStream would allocate a ladder of large-object arrays per
        // request, and collecting those cost more than the parsing itself.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(length ?? 64 * 1024, Limits.MaxRequestBodyBytes) + 1);
        PreparedBulk prepared;
        int lineCount;
        Guid lastLine;
        try
        {
            var size = 0;
            while (await body.ReadAsync(buffer.AsMemory(size), cancellationToken) is > 0 and var read)
            {
                size += read;
                if (size < buffer.Length) continue;
                // Only without a Content-Length; Kestrel stops the body at Limits.MaxRequestBodyBytes.
                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan().CopyTo(larger);
                (buffer, larger) = (larger, buffer);
                ArrayPool<byte>.Shared.Return(larger);
            }
            var (parsed, errors) = EventLines.ParseBatch(SplitLines(buffer.AsMemory(0, size)), OtherKnownTypes);
            if (errors.Count > 0)
                throw DomainException.Validation("invalid_import", $"{errors.Count} line(s) are not importable events; nothing was written.",
                    [.. errors.Take(50).Select(e => new FieldError($"line {e.LineNumber}", "invalid_line", e.Reason))]);
            // Validated and canonicalised before waiting for the previous batch: only the write itself is serial.
            prepared = database.Store.PrepareBulk(parsed, cancellationToken);
            lineCount = parsed.Length;
            lastLine = parsed[^1].Event.EventId;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var behind = after is { } previous ? await PreviousBatchAsync(previous, cancellationToken) : null;
        var pending = database.Store.StartBulkImport(prepared, behind, cancellationToken);
        _writing[lastLine] = pending;
        try
        {
            var result = await pending.Completion;
            return new EventLinesResult(lineCount, result.Imported, result.Skipped, result.FirstPosition, result.LastPosition);
        }
        catch (BulkPredecessorFailedException)
        {
            throw PreviousBatchMissing(after!.Value, "failed");
        }
        finally
        {
            _writing.TryRemove(KeyValuePair.Create(lastLine, pending));
        }
    }

    /// <summary>The previous batch while this process still writes it; null once its last event is stored.</summary>
    private async Task<PendingBulkImport?> PreviousBatchAsync(Guid previous, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + AfterWait;
        while (true)
        {
            if (_writing.TryGetValue(previous, out var pending)) return pending;
            if (await database.Store.PositionOfAsync(previous, cancellationToken) is not null) return null;
            if (DateTime.UtcNow > deadline) throw PreviousBatchMissing(previous, $"was not stored within {AfterWait.TotalSeconds:0} s (did the previous batch fail?)");
            await Task.Delay(AfterPoll, cancellationToken);
        }
    }

    private static DomainException PreviousBatchMissing(Guid previous, string what) =>
        DomainException.Conflict("previous_batch_missing", $"Event {previous} (header {AfterHeader}), which this batch follows, {what}; nothing was written.");

    private static List<(long, ReadOnlyMemory<byte>)> SplitLines(ReadOnlyMemory<byte> bytes)
    {
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
}
