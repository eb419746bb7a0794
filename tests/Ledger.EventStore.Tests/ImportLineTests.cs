using System.Text;
using Ledger.EventStore.Verification;

namespace Ledger.EventStore.Tests;

/// <summary>The interchange line reader: what it takes from a line, what it ignores, and how it refuses a bad one.</summary>
public sealed class ImportLineTests
{
    private static readonly Guid Id = Guid.Parse("6f1c1d7e-3c2a-4d7e-9a51-0c7b1f2e8a90");
    private static readonly DateTimeOffset At = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234560);

    [Fact]
    public void A_written_line_reads_back_as_the_same_event_with_canonical_data()
    {
        var written = new EventData(Id, "interaction-recorded", """{"z":1,"a":{"y":"é \" \n","b":[1.50,-2]}}"""u8.ToArray(),
            new EventMetadata("alice", At, "corr-1", "cause-1"), 2);
        var line = LedgerExport.ToImportLine("conversation-1", written);

        var (streamId, read, position) = LedgerExport.ToImport(Encoding.UTF8.GetBytes(line));

        streamId.ShouldBe("conversation-1");
        position.ShouldBeNull();
        read.EventId.ShouldBe(Id);
        read.EventType.ShouldBe("interaction-recorded");
        read.SchemaVersion.ShouldBe(2);
        read.Metadata.ShouldBe(written.Metadata);
        Encoding.UTF8.GetString(read.Data.Span).ShouldBe("""{"a": {"b": [1.50, -2], "y": "é \" \n"}, "z": 1}""");
    }

    [Fact]
    public void Other_spellings_times_and_unknown_fields_read_as_the_web_defaults_read_them()
    {
        var line = $$$"""{"Position":12,"STREAMID":"s","\u0065ventId":"{{{Id}}}","eventType":"t","data":"{\"a\": 1}","actor":"bob","occurredAt":"2025-03-04T07:06:07.123456+02:00","hash":"00","recordedAt":"x","extra":{"deep":[1,{"x":2}]}}""";

        var (streamId, read, position) = LedgerExport.ToImport(line);

        (streamId, position, read.EventId, read.SchemaVersion, read.Metadata.Actor).ShouldBe(("s", (long?)12, Id, 1, "bob"));
        read.Metadata.OccurredAt.ShouldBe(At);
        read.Metadata.CorrelationId.ShouldBeNull();
    }

    [Fact]
    public void A_time_without_offset_is_taken_as_utc()
    {
        var line = $$"""{"streamId":"s","eventId":"{{Id}}","eventType":"t","data":"{}","actor":"a","occurredAt":"2025-03-04T05:06:07.123456"}""";
        LedgerExport.ToImport(line).Event.Metadata.OccurredAt.ShouldBe(At);
    }

    [Theory]
    [InlineData("""[]""", "not a JSON object")]
    [InlineData("""{"streamId":"s"} {}""", "not a ledger interchange line")]
    [InlineData("""{"streamId":"s",""", "not a ledger interchange line")]
    [InlineData("""{"streamId":"s","eventType":"t","data":"{}","actor":"a","occurredAt":"2025-01-01T00:00:00Z"}""", "missing eventId")]
    [InlineData("""{"streamId":"s","eventId":"nope","eventType":"t","data":"{}","actor":"a","occurredAt":"2025-01-01T00:00:00Z"}""", "not a ledger interchange line")]
    [InlineData("""{"streamId":7,"eventId":"6f1c1d7e-3c2a-4d7e-9a51-0c7b1f2e8a90","eventType":"t","data":"{}","actor":"a","occurredAt":"2025-01-01T00:00:00Z"}""", "not a ledger interchange line")]
    [InlineData("""{"streamId":"s","eventId":"6f1c1d7e-3c2a-4d7e-9a51-0c7b1f2e8a90","eventType":"t","data":{"a":1},"actor":"a","occurredAt":"2025-01-01T00:00:00Z"}""", "data must be a string")]
    [InlineData("""{"streamId":"s","eventId":"6f1c1d7e-3c2a-4d7e-9a51-0c7b1f2e8a90","eventType":"t","data":"{}","actor":"a","occurredAt":"yesterday"}""", "occurredAt 'yesterday' is not an ISO 8601 time")]
    [InlineData("""{"streamId":"s","eventId":"6f1c1d7e-3c2a-4d7e-9a51-0c7b1f2e8a90","eventType":"t","data":"{}","occurredAt":"2025-01-01T00:00:00Z","schemaVersion":1.5}""", "not a ledger interchange line")]
    public void A_malformed_line_is_a_format_error_that_says_what_is_wrong(string line, string expected)
    {
        Should.Throw<FormatException>(() => LedgerExport.ToImport(line)).Message.ShouldContain(expected);
    }
}
