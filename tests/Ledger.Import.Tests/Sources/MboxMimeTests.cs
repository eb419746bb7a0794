using Ledger.Import.Sources;
using Ledger.Import.Sources.Mbox;

namespace Ledger.Import.Tests.Sources;

/// <summary>The fixture <c>mime.mbox</c> has CRLF line ends throughout.</summary>
public class MboxMimeTests
{
    private static readonly List<SourceRecord> Records = [.. new MboxMessageSource(SourceFixtures.PathOf("mbox/mime.mbox")).Read()];

    [Fact]
    public void Reads_every_message_of_the_crlf_mbox_at_its_separator_line()
    {
        Records.Select(r => $"{r.Location.Line} {(r as MessageRecord)?.Message.MessageId}").ShouldBe([
            "1 qp@example.com",
            "19 b64@example.jp",
            "31 nested@example.com",
            "72 html@example.com",
            "90 latin@example.fr",
            "101 flowed@example.com",
        ]);
    }

    [Fact]
    public void Quoted_printable_soft_breaks_mboxrd_unquoting_and_utf8_encoded_words_are_decoded()
    {
        var message = Records.ById("qp@example.com");

        message.Text.ShouldBe(
            "Bonjour, voici le résumé de notre réunion: une très longue ligne coupée par un saut de ligne doux, puis la suite.\n" +
            "From the archive: a line quoted by mboxrd.\n" +
            ">From stays quoted once.\n" +
            "Prix: 10 € = dix euros.");
        message.Subject.ShouldBe("Café et crème");
        message.Sender.ShouldBe(new SourcePerson("zoe@example.com", null, "Zoë Durand"));
    }

    [Fact]
    public void Quoted_display_names_with_commas_and_escapes_and_folded_address_lists_are_parsed()
    {
        Records.ById("qp@example.com").Recipients.ShouldBe([
            new SourcePerson("bob@client.org", null, "Martin, Bob"),
            new SourcePerson("ned@client.org", null, "O'Neil \"Ned\""),
            new SourcePerson("carol@client.org", null, "Carol C."),
        ]);
    }

    [Fact]
    public void A_base64_utf8_body_and_an_encoded_word_split_inside_a_character_are_decoded()
    {
        var message = Records.ById("b64@example.jp");

        message.Text.ShouldBe("こんにちは、世界 🌍\nمرحبا بالعالم — שלום\nOlá, até já!");
        message.Subject.ShouldBe("日本の会議");
        message.Sender.ShouldBe(new SourcePerson("yamada@example.jp", null, "山田"));
        message.SentAt.ShouldBe(new DateTimeOffset(2024, 1, 9, 18, 30, 0, TimeSpan.FromHours(9)));
    }

    [Fact]
    public void Nested_alternative_inside_mixed_yields_the_plain_text_only_without_attachments()
    {
        var message = Records.ById("nested@example.com");

        message.Text.ShouldBe("Please find the proposal attached.\nTotal: 12,000 EUR.");
        message.Text.ShouldNotContain("HTML version");
        message.Text.ShouldNotContain("Attachment text");
        message.Text.ShouldNotContain("JVBER");
    }

    [Fact]
    public void Group_members_are_recipients_and_empty_groups_add_nobody()
    {
        Records.ById("nested@example.com").Recipients.ShouldBe([
            new SourcePerson("bob@client.org", null, null),
            new SourcePerson("jane@client.org", null, "Doe, Jane"),
            new SourcePerson("carol@client.org", null, null),
        ]);
    }

    [Fact]
    public void An_html_only_message_is_reduced_to_text()
    {
        var message = Records.ById("html@example.com");

        message.Text.ShouldBe("Q1 results\n\nRevenue grew > 10% & costs fell.\nCafé € 🚀 done\n\nFirst\nSecond");
        message.Sender.ShouldBe(new SourcePerson("news@example.com", null, "News, Team"));
    }

    [Fact]
    public void Iso_8859_1_and_windows_1252_encoded_words_a_latin1_body_and_an_obsolete_date_are_decoded()
    {
        var message = Records.ById("latin@example.fr");

        message.Sender.ShouldBe(new SourcePerson("francois@example.fr", null, "François Léger"));
        message.Subject.ShouldBe("Réunion à Zürich € “ok”");
        message.Text.ShouldBe("Ça coûte cher, déjà payé.");
        message.SentAt.ShouldBe(new DateTimeOffset(2024, 1, 12, 9, 0, 0, TimeSpan.FromHours(-5)));
    }

    [Fact]
    public void Format_flowed_text_is_unwrapped_and_the_signature_separator_kept()
    {
        var message = Records.ById("flowed@example.com");

        message.Text.ShouldBe("This line is soft-wrapped by the client and continues here.\n> quoted flowed line continues.\n-- \nHenri");
        message.SentAt.ShouldBe(new DateTimeOffset(2024, 1, 13, 10, 0, 0, TimeSpan.Zero));
    }
}
