using System.Text;
using Ledger.Domain.Conversations;
using Ledger.Import.Sources;
using Ledger.Import.Sources.Mbox;

namespace Ledger.Import.Tests.Sources;

public class MboxThreadingTests
{
    private static List<SourceRecord> Read() => [.. new MboxMessageSource(SourceFixtures.PathOf("mbox/threads.mbox")).Read()];

    [Fact]
    public void Every_message_is_located_at_its_from_line_and_reading_goes_on_after_broken_ones()
    {
        Read().Select(r => r switch
        {
            MessageRecord m => $"{m.Location} {m.Message.MessageId}",
            MalformedRecord bad => $"{bad.Location} {bad.Reason}",
            _ => "?",
        }).ShouldBe([
            "threads.mbox:1 root@example.com",
            "threads.mbox:11 c2@client.org",
            "threads.mbox:23 c1@example.com",
            "threads.mbox:34 c3@client.org",
            "threads.mbox:44 lonely@partner.io",
            "threads.mbox:54 sha256:4ade05e842b85338a95fc17c95c483369c553fe159ebfec1debedd5bb7651e14",
            "threads.mbox:62 Date header is not an RFC 5322 date",
            "threads.mbox:71 no From header with an e-mail address",
            "threads.mbox:79 after@example.com",
        ]);
    }

    [Fact]
    public void Thread_ids_follow_references_then_in_reply_to_then_the_own_id()
    {
        var threads = Read().Messages().ToDictionary(m => m.MessageId, m => m.ThreadId);

        threads["root@example.com"].ShouldBe("root@example.com");
        threads["c2@client.org"].ShouldBe("root@example.com"); // read before its parent c1, but names the root first in References
        threads["c1@example.com"].ShouldBe("root@example.com");
        threads["c3@client.org"].ShouldBe("root@example.com"); // only In-Reply-To c1, resolved through c1 to its root
        threads["lonely@partner.io"].ShouldBe("ghost@partner.io"); // parent never seen: the parent's id
        threads["after@example.com"].ShouldBe("after@example.com");
    }

    [Fact]
    public void A_message_without_message_id_gets_the_documented_sha256_id_as_id_and_thread()
    {
        var erin = Read().Messages().Single(m => m.Subject == "No id here");
        var expected = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            Encoding.UTF8.GetBytes("Erin <erin@example.com>\nWed, 3 Jan 2024 10:00:00 +0000\nNo id here")));

        erin.MessageId.ShouldBe(expected);
        erin.ThreadId.ShouldBe(expected);
        Read().Messages().Single(m => m.Subject == "No id here").MessageId.ShouldBe(expected); // deterministic across reads
    }

    [Fact]
    public void Maps_sender_recipients_date_unfolded_subject_and_body()
    {
        var root = Read().ById("root@example.com");

        root.System.ShouldBe("mbox");
        root.Channel.ShouldBe(Channel.Email);
        root.Sender.ShouldBe(new SourcePerson("alice@example.com", null, "Alice Martin"));
        root.Recipients.ShouldBe([new SourcePerson("bob@client.org", null, "Bob Stone")]);
        root.SentAt.ShouldBe(new DateTimeOffset(2024, 1, 2, 9, 0, 0, TimeSpan.FromHours(1)));
        root.SentAt.Offset.ShouldBe(TimeSpan.FromHours(1));
        root.Subject.ShouldBe("Kick-off of the pilot project");
        root.Text.ShouldBe("Shall we start on Monday?");
        root.Tags.ShouldBeEmpty();

        var reply = Read().ById("c2@client.org");
        reply.Sender.ShouldBe(new SourcePerson("bob@client.org", null, "Bob Stone")); // name from the old-style comment
        reply.Recipients.ShouldBe([new SourcePerson("alice@example.com", null, null)]);
    }

    [Fact]
    public void Malformed_reasons_never_contain_the_message_text()
    {
        var malformed = Read().Malformed();

        malformed.Count.ShouldBe(2);
        foreach (var bad in malformed)
        {
            bad.Reason.ShouldNotContain("Secret", Case.Insensitive);
            bad.Reason.ShouldNotContain("day after tomorrow");
            bad.Reason.ShouldNotContain("Broken date");
        }
    }

    [Fact]
    public void Reading_streams_a_large_mbox_instead_of_loading_it()
    {
        const long messages = 100_000; // about 25 MB when read whole
        var stream = new GeneratedStream(
            [],
            i => Encoding.UTF8.GetBytes(
                $"From a@example.com Tue Jan  2 08:00:00 2024\nMessage-ID: <m{i}@example.com>\nFrom: a@example.com\nTo: b@example.com\n" +
                $"Date: Tue, 2 Jan 2024 09:00:00 +0000\nSubject: number {i}\n\nBody of message {i} in a large mailbox.\n\n"),
            messages);

        var firstTwo = new MboxMessageSource(stream, "big.mbox").Read().Take(2).Messages();

        firstTwo.Select(m => m.MessageId).ShouldBe(["m0@example.com", "m1@example.com"]);
        stream.BytesRead.ShouldBeLessThan(256 * 1024);
    }

    [Fact]
    public void An_oversized_message_is_reported_without_being_kept_and_the_next_one_is_read()
    {
        var big = string.Join("\n", Enumerable.Repeat(new string('x', 70), 100));
        var mbox = "From a@example.com Tue Jan  2 08:00:00 2024\nFrom: a@example.com\nDate: Tue, 2 Jan 2024 09:00:00 +0000\n\n" + big + "\n\n" +
                   "From b@example.com Tue Jan  2 08:00:00 2024\nMessage-ID: <small@example.com>\nFrom: b@example.com\nDate: Tue, 2 Jan 2024 09:00:00 +0000\n\nsmall\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(mbox));

        var records = new MboxMessageSource(stream, "inline.mbox") { MessageLimit = 2_000 }.Read().ToList();

        records.Count.ShouldBe(2);
        var bad = records[0].ShouldBeOfType<MalformedRecord>();
        bad.Location.ShouldBe(new SourceLocation("inline.mbox", 1));
        bad.Reason.ShouldBe("message larger than 2000 bytes");
        var small = records[1].ShouldBeOfType<MessageRecord>().Message;
        small.MessageId.ShouldBe("small@example.com");
        small.Location.Line.ShouldBe(106);
        small.Text.ShouldBe("small");
    }

    [Fact]
    public void Text_before_the_first_separator_is_reported_once_and_the_messages_after_it_are_read()
    {
        const string mbox = "garbage line\nmore garbage\n\nFrom a@example.com Tue Jan  2 08:00:00 2024\nMessage-ID: <x@example.com>\nFrom: a@example.com\nDate: 2 Jan 2024 09:00 +0000\n\nhi\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(mbox));

        var records = new MboxMessageSource(stream, "inline.mbox").Read().ToList();

        records.Select(SourceFixtures.Describe).ShouldBe([
            "inline.mbox:1 MALFORMED text before the first 'From ' separator line",
            "inline.mbox:4 mbox x@example.com x@example.com Email a@example.com|||| -> [] 2024-01-02T09:00:00.0000000+00:00 subject= tags=[] text=hi",
        ]);
    }
}
