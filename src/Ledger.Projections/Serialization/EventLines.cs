using System.Text.Json;
using Ledger.Domain;
using Ledger.EventStore;
using Ledger.EventStore.Verification;

namespace Ledger.Projections.Serialization;

/// <summary>A line of the ledger's JSON Lines that could not be imported: its number and why, in one line.</summary>
public sealed record EventLineError(long LineNumber, string Reason);

/// <summary>
/// Reads the ledger's interchange lines (what export and the demo generator write) as events to import, refusing
/// what this version could not read back: an unknown event type, or data that is not that event. An import must not
/// plant events no projection understands.
/// </summary>
public static class EventLines
{
    /// <summary>The events that are not domain events but that this version reads: report settings.</summary>
    public static IReadOnlySet<string> SettingsTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { Reports.ReportSettings.ModelSetType, Reports.ReportSettings.RateSetType };

    /// <summary>
    /// One line as an event; a <see cref="FormatException"/> says what is wrong with it. Domain events must read as
    /// their type; <paramref name="otherKnownTypes"/> (settings, and what the host records itself, such as snapshots
    /// and erasures) must hold a JSON object; any other type is refused.
    /// </summary>
    public static (string StreamId, EventData Event) Parse(string line, IReadOnlySet<string> otherKnownTypes) =>
        Parse(System.Text.Encoding.UTF8.GetBytes(line), otherKnownTypes);

    /// <summary>As <see cref="Parse(string, IReadOnlySet{string})"/>, from the line's UTF-8 bytes.</summary>
    public static (string StreamId, EventData Event) Parse(ReadOnlySpan<byte> utf8Line, IReadOnlySet<string> otherKnownTypes)
    {
        var (streamId, data, _) = LedgerExport.ToImport(utf8Line);
        if (EventTypes.TypeOf(data.EventType) is null)
        {
            if (!otherKnownTypes.Contains(data.EventType)) throw new FormatException($"unknown event type '{data.EventType}'");
            return (streamId, data);
        }
        try
        {
            // Decoded as every reader decodes it; a fast path's fallback to STJ keeps STJ's messages.
            if (EventSerializer.FromUtf8(data.EventType, data.Data.Span) is null)
                throw new FormatException($"data is not a {data.EventType} event");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"data is not a {data.EventType} event: {ex.Message}");
        }
        return (streamId, data);
    }

    /// <summary>Parses a batch on every core, keeping the order; the errors come back by line number.</summary>
    public static ((string StreamId, EventData Event)[] Events, IReadOnlyList<EventLineError> Errors) ParseBatch(
        IReadOnlyList<(long LineNumber, ReadOnlyMemory<byte> Line)> lines, IReadOnlySet<string> otherKnownTypes)
    {
        var events = new (string StreamId, EventData Event)[lines.Count];
        var errors = new EventLineError?[lines.Count];
        Parallel.For(0, lines.Count, i =>
        {
            try
            {
                events[i] = Parse(lines[i].Line.Span, otherKnownTypes);
            }
            catch (FormatException ex)
            {
                errors[i] = new EventLineError(lines[i].LineNumber, ex.Message);
            }
        });
        return (events, [.. errors.OfType<EventLineError>()]);
    }
}
