using System.IO.Compression;
using Ledger.Domain.Conversations;
using Ledger.Import.Sources;
using Ledger.Import.Sources.Slack;

namespace Ledger.Import.Tests.Sources;

public class SlackExportSourceTests
{
    private static readonly string Export = SourceFixtures.PathOf("slack");

    private static readonly SourcePerson Alice = new("alice@example.com", "alice", "Alice Martin", true);
    private static readonly SourcePerson Bob = new("bob@example.com", "bob", "Bob Stone", true);
    private static readonly SourcePerson Gina = new("gina@partner.io", "gina", "Gina Guest", false);
    private static readonly SourcePerson Uma = new(null, "uma", "Uma Ultra", false);

    private static List<SourceRecord> Read() => [.. new SlackExportSource(Export).Read()];

    [Fact]
    public void Reads_channels_by_name_files_by_date_and_messages_by_ts_skipping_system_and_bot_messages()
    {
        Read().Select(r => r switch
        {
            MessageRecord m => $"{m.Location} {m.Message.MessageId}",
            MalformedRecord bad => $"{bad.Location} MALFORMED",
            _ => "?",
        }).ShouldBe([
            "general/2024-01-02.json:4 C01:1704186000.000100",
            "general/2024-01-02.json:5 C01:1704187000.000200",
            "general/2024-01-02.json:2 C01:1704189600.000300",
            "general/2024-01-03.json:2 C01:1704272400.000000",
            "general/2024-01-03.json:3 MALFORMED",
            "general/2024-01-03.json:4 C01:1704272600.000000",
            "random/2024-01-02.json:3 MALFORMED",
            "random/2024-01-03.json:2 C03:1704272400.000000",
            "random/2024-01-03.json:3 C03:1704272460.000000",
            "sales/2024-01-05.json:2 C02:1704445200.000000",
            "sales/2024-01-05.json:3 MALFORMED",
            "sales/2024-01-05.json:4 C02:1704445300.000000",
        ]);
    }

    [Fact]
    public void A_thread_parent_and_its_replies_across_days_share_the_parents_thread_id_and_other_messages_get_the_day()
    {
        var records = Read();

        records.ById("C01:1704186000.000100").ThreadId.ShouldBe("C01:1704186000.000100");
        records.ById("C01:1704189600.000300").ThreadId.ShouldBe("C01:1704186000.000100");
        records.ById("C01:1704272400.000000").ThreadId.ShouldBe("C01:1704186000.000100");
        records.ById("C01:1704187000.000200").ThreadId.ShouldBe("C01:2024-01-02");
        records.ById("C01:1704272600.000000").ThreadId.ShouldBe("C01:2024-01-03");
    }

    [Fact]
    public void Maps_the_parent_message_exactly()
    {
        var kickOff = Read().ById("C01:1704186000.000100");

        kickOff.System.ShouldBe("slack");
        kickOff.Channel.ShouldBe(Channel.Chat);
        kickOff.SentAt.ShouldBe(new DateTimeOffset(2024, 1, 2, 9, 0, 0, TimeSpan.Zero).AddTicks(1_000));
        kickOff.Sender.ShouldBe(Alice);
        kickOff.Recipients.ShouldBe([Bob, Uma]);
        kickOff.Subject.ShouldBeNull();
        kickOff.Tags.ShouldBe(["slack:#general"]);
        kickOff.Text.ShouldBe("Kick-off: price <= 5k & delivery in Q1 — see #sales and the doc (https://example.com/doc), cc @here");
    }

    [Fact]
    public void Decodes_escapes_and_user_mentions_and_keeps_non_ascii_text()
    {
        var records = Read();

        records.ById("C01:1704189600.000300").Text.ShouldBe("Reply: sounds good & agreed @alice");
        records.ById("C01:1704272600.000000").Text.ShouldBe("New topic for @U99 and @dora");
        records.ById("C01:1704187000.000200").Text.ShouldBe("Café ☕ 東京 مرحبا שלום 👍");
    }

    [Fact]
    public void Guests_are_external_bots_are_never_recipients_and_a_channel_without_members_uses_who_wrote_that_day()
    {
        var records = Read();

        var guestPost = records.ById("C01:1704187000.000200");
        guestPost.Sender.ShouldBe(Uma);
        guestPost.Recipients.ShouldBe([Alice, Bob]);

        // sales lists the bot U05 as a member
        records.ById("C02:1704445200.000000").Recipients.ShouldBe([Alice, Bob]);
        records.ById("C02:1704445200.000000").Sender.ShouldBe(Gina);

        // random has no member list
        records.ById("C03:1704272400.000000").Recipients.ShouldBe([Bob]);
        records.ById("C03:1704272460.000000").Recipients.ShouldBe([Gina]);
    }

    [Fact]
    public void Bad_json_and_bad_messages_are_reported_where_they_are_without_their_text()
    {
        var malformed = Read().Malformed();

        malformed.Select(m => $"{m.Location} {m.Reason}").ShouldBe([
            "general/2024-01-03.json:3 message #1 has no 'user'",
            "random/2024-01-02.json:3 invalid JSON at line 3, byte 37",
            "sales/2024-01-05.json:3 message #1 has no 'ts'",
        ]);
        foreach (var bad in malformed)
        {
            bad.Reason.ShouldNotContain("secret");
            bad.Reason.ShouldNotContain("half written");
        }
    }

    [Fact]
    public void A_zip_of_the_export_reads_exactly_like_the_directory()
    {
        var zip = Path.Combine(Path.GetTempPath(), $"slack-export-{Guid.NewGuid():N}.zip");
        try
        {
            ZipFile.CreateFromDirectory(Export, zip);

            var fromZip = new SlackExportSource(zip).Read().Select(SourceFixtures.Describe).ToList();

            fromZip.Count.ShouldBe(12);
            fromZip.ShouldBe(Read().Select(SourceFixtures.Describe).ToList());
        }
        finally
        {
            File.Delete(zip);
        }
    }

    [Fact]
    public void A_zip_in_memory_with_the_export_under_a_folder_reads_like_the_directory()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(Export, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(Export, file).Replace('\\', '/');
                archive.CreateEntryFromFile(file, $"acme-export/{relative}");
            }
        }
        zip.Position = 0;

        var fromZip = new SlackExportSource(zip).Read().Select(SourceFixtures.Describe).ToList();

        fromZip.ShouldBe(Read().Select(SourceFixtures.Describe).ToList());
        fromZip.ShouldContain(line => line.StartsWith("general/2024-01-02.json:4 slack C01:1704186000.000100 ", StringComparison.Ordinal));
    }

    [Fact]
    public void An_export_without_channels_json_is_one_malformed_record()
    {
        var folder = Directory.CreateTempSubdirectory("slack-no-channels-");
        try
        {
            File.Copy(Path.Combine(Export, "users.json"), Path.Combine(folder.FullName, "users.json"));

            var only = new SlackExportSource(folder.FullName).Read().ShouldHaveSingleItem().ShouldBeOfType<MalformedRecord>();

            only.Location.File.ShouldBe("channels.json");
            only.Reason.ShouldBe("channels.json is missing from the export");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("a &lt;b&gt; &amp;amp; c", "a <b> &amp; c")]
    [InlineData("<@U1|legacy> hi", "@alice hi")]
    [InlineData("<@U7|someone>", "@someone")]
    [InlineData("<#C9>", "#C9")]
    [InlineData("<!channel> and <!subteam^S1|@eng> and <!subteam^S2>", "@channel and @eng and @S2")]
    [InlineData("<!date^1392734382^{date_num}|Feb 18, 2014>", "Feb 18, 2014")]
    [InlineData("<mailto:bob@example.com|bob@example.com> <https://x.io>", "bob@example.com https://x.io")]
    [InlineData("line\r\nbreak & no tag <", "line\nbreak & no tag <")]
    public void Slack_markup_becomes_plain_text(string raw, string expected) =>
        SlackText.Decode(raw, id => id == "U1" ? "alice" : null, _ => null).ShouldBe(expected);
}
