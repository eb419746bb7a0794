using System.Text;
using Ledger.Domain.Conversations;
using Ledger.Import.Sources;
using Ledger.Import.Sources.Csv;

namespace Ledger.Import.Tests.Sources;

public class CsvMessageSourceTests
{
    private static List<SourceRecord> ReadFixture(string name) =>
        [.. new CsvMessageSource(SourceFixtures.PathOf($"csv/{name}")).Read()];

    private static List<SourceRecord> ReadText(string csv, Encoding encoding, int? recordLimit = null)
    {
        using var stream = new MemoryStream(encoding.GetPreamble().Concat(encoding.GetBytes(csv)).ToArray());
        var source = recordLimit is { } limit ? new CsvMessageSource(stream, "inline.csv") { RecordLimit = limit } : new CsvMessageSource(stream, "inline.csv");
        return [.. source.Read()];
    }

    [Fact]
    public void Reads_a_row_whatever_the_column_order_and_case_with_a_bom_and_crlf_line_ends()
    {
        var m1 = ReadFixture("messages.csv").ById("m1");

        m1.System.ShouldBe("csv");
        m1.ThreadId.ShouldBe("t1");
        m1.Channel.ShouldBe(Channel.Email);
        m1.SentAt.ShouldBe(new DateTimeOffset(2024, 1, 2, 9, 30, 0, TimeSpan.FromHours(1)));
        m1.SentAt.Offset.ShouldBe(TimeSpan.FromHours(1));
        m1.Sender.ShouldBe(new SourcePerson("alice@example.com", null, "Alice Martin", true, "Sales"));
        m1.Recipients.ShouldBe([new SourcePerson("bob@client.org", null, null), new SourcePerson(null, "carol", null)]);
        m1.Subject.ShouldBe("Quote for Q1");
        m1.Text.ShouldBe("Bonjour Zoë, ça va? Café ☕ 東京 مرحبا שלום 👋");
        m1.Tags.ShouldBe(["sales", "q1"]);
        m1.Location.ShouldBe(new SourceLocation("messages.csv", 2));
    }

    [Fact]
    public void A_multi_line_quoted_field_is_one_record_located_at_the_line_where_it_starts()
    {
        var m2 = ReadFixture("messages.csv").ById("m2");

        m2.Text.ShouldBe("Line one, with comma\nLine two with \"quotes\"\nLine three");
        m2.Location.Line.ShouldBe(3);
        m2.Channel.ShouldBe(Channel.Chat);
        m2.System.ShouldBe("crm");
        m2.Sender.ShouldBe(new SourcePerson(null, "carol", null, false, null));
        m2.Subject.ShouldBeNull();
        m2.Tags.ShouldBeEmpty();
    }

    [Fact]
    public void Bad_rows_are_reported_at_their_line_and_reading_goes_on()
    {
        var records = ReadFixture("messages.csv");

        records.Select(r => r switch
        {
            MessageRecord m => $"{m.Location.Line} message {m.Message.MessageId}",
            MalformedRecord bad => $"{bad.Location} {bad.Reason}",
            _ => "?",
        }).ShouldBe([
            "2 message m1",
            "3 message m2",
            "messages.csv:6 missing required field 'text'",
            "messages.csv:7 sent_at is not an ISO 8601 timestamp with an offset or Z",
            "messages.csv:8 unknown channel (expected email, meeting, call, forum, chat, social or other)",
            "messages.csv:9 to: entry 1 is neither an e-mail address nor an @handle",
            "messages.csv:10 expected 13 fields, found 3",
            "messages.csv:11 from_internal must be true or false",
            "messages.csv:12 quote inside an unquoted field",
            "14 message m10",
        ]);
    }

    [Fact]
    public void The_row_after_the_bad_ones_is_read_in_full()
    {
        var m10 = ReadFixture("messages.csv").ById("m10");

        m10.SentAt.ShouldBe(new DateTimeOffset(2024, 1, 4, 12, 0, 0, TimeSpan.FromHours(-5)).AddTicks(1_234_560));
        m10.Channel.ShouldBe(Channel.SocialNetwork);
        m10.Sender.ShouldBe(new SourcePerson("dave@partner.io", null, "Dave", false, null));
        m10.Recipients.Select(r => r.Email).ShouldBe(["alice@example.com", "bob@client.org"]);
        m10.Tags.ShouldBe(["a", "b"]);
        m10.Text.ShouldBe("Thanks — 感謝 🙏");
    }

    [Fact]
    public void Malformed_reasons_are_one_line_and_never_quote_the_message_text()
    {
        var malformed = ReadFixture("messages.csv").Malformed();

        malformed.Count.ShouldBe(7);
        string[] texts = ["Secret pricing", "4200", "Confidential fax", "Hush hush", "Short row text", "Maybe internal", "Text with a", "quote\" inside", "bob@@client.org", "fax", "maybe"];
        foreach (var bad in malformed)
        {
            bad.Reason.ShouldNotContain("\n");
            foreach (var text in texts) bad.Reason.ShouldNotContain(text, Case.Insensitive);
        }
    }

    [Fact]
    public void A_header_without_a_required_column_is_one_malformed_record_at_line_1_and_nothing_else()
    {
        var records = ReadFixture("missing-column.csv");

        var only = records.ShouldHaveSingleItem().ShouldBeOfType<MalformedRecord>();
        only.Location.ShouldBe(new SourceLocation("missing-column.csv", 1));
        only.Reason.ShouldBe("header: header lacks required column(s): thread_id");
    }

    [Fact]
    public void Reads_utf8_without_a_bom_and_lf_line_ends_from_a_stream()
    {
        const string csv = "message_id,thread_id,sent_at,channel,from,to,text\nx1,t,2024-05-06T07:08:09.5Z,meeting,@ann,ben@example.com,Réunion 会议 ✅\n";

        var message = ReadText(csv, new UTF8Encoding(false)).ShouldHaveSingleItem().ShouldBeOfType<MessageRecord>().Message;

        message.Text.ShouldBe("Réunion 会议 ✅");
        message.Channel.ShouldBe(Channel.Meeting);
        message.SentAt.ShouldBe(new DateTimeOffset(2024, 5, 6, 7, 8, 9, 500, TimeSpan.Zero));
        message.Location.ShouldBe(new SourceLocation("inline.csv", 2));
        message.Sender.Internal.ShouldBeNull();
    }

    [Fact]
    public void An_unterminated_quote_is_reported_where_its_record_starts_after_the_rows_before_it()
    {
        const string csv = "message_id,thread_id,sent_at,channel,from,to,text\nok,t,2024-05-06T07:08:09Z,chat,@ann,@ben,fine\nbad,t,2024-05-06T07:08:09Z,chat,@ann,@ben,\"never closed\nsecret tail\n";

        var records = ReadText(csv, new UTF8Encoding(false));

        records.Count.ShouldBe(2);
        records[0].ShouldBeOfType<MessageRecord>().Message.MessageId.ShouldBe("ok");
        var bad = records[1].ShouldBeOfType<MalformedRecord>();
        bad.Location.Line.ShouldBe(3);
        bad.Reason.ShouldBe("unterminated quoted field");
    }

    [Fact]
    public void An_oversized_record_is_reported_without_being_kept_and_the_next_row_is_read()
    {
        var big = new string('x', 5_000);
        var csv = $"message_id,thread_id,sent_at,channel,from,to,text\nbig,t,2024-05-06T07:08:09Z,chat,@ann,@ben,\"{big}\"\nnext,t,2024-05-06T07:08:09Z,chat,@ann,@ben,small\n";

        var records = ReadText(csv, new UTF8Encoding(false), recordLimit: 1_000);

        records[0].ShouldBeOfType<MalformedRecord>().Reason.ShouldBe("record longer than 1000 characters (unterminated quote?)");
        records[0].Location.Line.ShouldBe(2);
        records[1].ShouldBeOfType<MessageRecord>().Message.Text.ShouldBe("small");
    }

    [Theory]
    [InlineData("2024-01-02T09:30:00Z", "2024-01-02T09:30:00.0000000+00:00")]
    [InlineData("2024-01-02T09:30:00.1234567+05:30", "2024-01-02T09:30:00.1234567+05:30")]
    [InlineData("2024-01-02 09:30-0800", "2024-01-02T09:30:00.0000000-08:00")]
    [InlineData("2024-01-02T09:30:00+02", "2024-01-02T09:30:00.0000000+02:00")]
    public void Timestamps_need_an_offset_and_keep_it(string text, string expected)
    {
        CsvRowMapper.TryParseTimestamp(text, out var parsed).ShouldBeTrue();
        parsed.ToString("O").ShouldBe(expected);
    }

    [Theory]
    [InlineData("2024-01-02T09:30:00")]
    [InlineData("2024-02-30T09:30:00Z")]
    [InlineData("02/01/2024 09:30Z")]
    [InlineData("2024-01-02T09:30:00+15:00")]
    public void Timestamps_without_an_offset_or_out_of_range_are_refused(string text) =>
        CsvRowMapper.TryParseTimestamp(text, out _).ShouldBeFalse();

    [Fact]
    public void Reading_streams_a_large_export_instead_of_loading_it()
    {
        var header = Encoding.UTF8.GetBytes("message_id,thread_id,sent_at,channel,from,to,text\n");
        const long rows = 200_000; // about 20 MB when read whole
        var stream = new GeneratedStream(
            header,
            i => Encoding.UTF8.GetBytes($"m{i},t{i % 7},2024-01-02T09:30:00Z,chat,@ann,@ben,\"row {i} of a large export\"\n"),
            rows);

        var firstThree = new CsvMessageSource(stream, "big.csv").Read().Take(3).Messages();

        firstThree.Select(m => m.MessageId).ShouldBe(["m0", "m1", "m2"]);
        stream.BytesRead.ShouldBeLessThan(256 * 1024);
    }

    [Fact]
    public void A_source_over_a_callers_stream_refuses_a_second_read_instead_of_finding_nothing()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("message_id,thread_id,sent_at,channel,from,to,text\nx,t,2024-05-06T07:08:09Z,chat,@a,@b,hi\n"));
        var source = new CsvMessageSource(stream, "once.csv");

        source.Read().Messages().Count.ShouldBe(1);
        Should.Throw<InvalidOperationException>(() => source.Read().ToList());
    }

    [Fact]
    public void A_source_over_a_path_can_be_read_again_with_the_same_result()
    {
        var source = new CsvMessageSource(SourceFixtures.PathOf("csv/messages.csv"));

        source.Read().Select(SourceFixtures.Describe).ShouldBe(source.Read().Select(SourceFixtures.Describe).ToList());
        source.Read().Count().ShouldBe(10);
    }
}
