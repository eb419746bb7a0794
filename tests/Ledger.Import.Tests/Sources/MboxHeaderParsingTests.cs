using System.Text;
using Ledger.Import.Sources.Mbox;

namespace Ledger.Import.Tests.Sources;

public class MboxHeaderParsingTests
{
    [Theory]
    [InlineData("Tue, 2 Jan 2024 09:30:15 +0100", "2024-01-02T09:30:15.0000000+01:00")]
    [InlineData("2 Jan 2024 09:30 -0000", "2024-01-02T09:30:00.0000000+00:00")]
    [InlineData("Tue,  2 Jan 2024 09:30:15 +0100 (CET)", "2024-01-02T09:30:15.0000000+01:00")]
    [InlineData("Thu, 1 Feb 01 23:59:60 GMT", "2001-02-01T23:59:59.0000000+00:00")]
    [InlineData("Mon, 4 Mar 99 10:00:00 PDT", "1999-03-04T10:00:00.0000000-07:00")]
    [InlineData("4 Mar 104 10:00:00 CDT", "2004-03-04T10:00:00.0000000-05:00")]
    [InlineData("Fri, 5 July 2024 10:00:00 MST", "2024-07-05T10:00:00.0000000-07:00")]
    [InlineData("5 Jul 2024 10:00:00 UT", "2024-07-05T10:00:00.0000000+00:00")]
    [InlineData("5 Jul 2024 10:00:00 Z", "2024-07-05T10:00:00.0000000+00:00")]
    [InlineData("5 Jul 2024 10:00:00 M", "2024-07-05T10:00:00.0000000+00:00")]
    [InlineData("5 Jul 2024 10:00:00 CEST", "2024-07-05T10:00:00.0000000+00:00")]
    [InlineData("5 Jul 2024 10:00:00", "2024-07-05T10:00:00.0000000+00:00")]
    [InlineData("Jul 5 2024 10:00:00 EDT", "2024-07-05T10:00:00.0000000-04:00")]
    public void Rfc5322_dates_and_their_obsolete_forms_are_parsed(string text, string expected)
    {
        EmailDate.TryParse(text, out var date).ShouldBeTrue();
        date.ToString("O").ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("the day after tomorrow")]
    [InlineData("30 Feb 2024 10:00:00 +0000")]
    [InlineData("2 Jan 2024 25:00:00 +0000")]
    [InlineData("2 Foo 2024 10:00:00 +0000")]
    [InlineData("2 Jan 2024 10:00:00 +01")]
    [InlineData("2 Jan 2024 10:00:00 +1500")]
    [InlineData("2024-01-02T10:00:00Z")]
    public void Unparsable_dates_are_refused(string text) => EmailDate.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void Address_lists_handle_quotes_comments_groups_routes_and_encoded_names()
    {
        var list = AddressList.Parse(
            "\"Smith, John (Sales)\" <John.Smith@Example.com>, jane@example.org (Jane Doe), Board: \"A, B\" <ab@example.com>, cd@example.com;, " +
            "=?UTF-8?Q?Ren=C3=A9e?= <renee@example.fr>, <@relay.example:route@example.com>, undisclosed-recipients:;, not-an-address, \"x@y\" <>");

        list.ShouldBe([
            new EmailAddress("john.smith@example.com", "Smith, John (Sales)"),
            new EmailAddress("jane@example.org", "Jane Doe"),
            new EmailAddress("ab@example.com", "A, B"),
            new EmailAddress("cd@example.com", null),
            new EmailAddress("renee@example.fr", "Renée"),
            new EmailAddress("route@example.com", null),
        ]);
    }

    [Theory]
    [InlineData("=?UTF-8?B?SGVsbG8=?= =?UTF-8?B?IFdvcmxk?=", "Hello World")]
    [InlineData("Re: =?utf-8?q?caf=C3=A9?= and more", "Re: café and more")]
    [InlineData("=?ISO-8859-1?Q?a?=   b", "a   b")]
    [InlineData("=?UTF-8*en?Q?language_tag?=", "language tag")]
    [InlineData("=?x-unknown?Q?caf=C3=A9?=", "café")]
    [InlineData("=?UTF-8?Q?broken", "=?UTF-8?Q?broken")]
    [InlineData("=?koi8-r?B?8NLJ18XU?=", "Привет")]
    [InlineData("=?utf-7?Q?plain?= =?no-such-charset?B?QR==?=", "plainA")]
    public void Encoded_words_are_decoded(string text, string expected) => EncodedWords.Decode(text).ShouldBe(expected);

    [Fact]
    public void Quoted_printable_decoding_follows_rfc_2045()
    {
        var decoded = TransferEncoding.DecodeQuotedPrintable("soft =\nbreak=3D, trailing   \nkept=20\n=E2=82=AC bad=ZZ end="u8);

        Encoding.UTF8.GetString(decoded).ShouldBe("soft break=, trailing\nkept \n€ bad=ZZ end");
    }

    [Fact]
    public void Base64_decoding_ignores_line_breaks_and_junk()
    {
        Encoding.UTF8.GetString(TransferEncoding.DecodeBase64("w6ni\r\nnIXw n5i*C\nIQ==\r\n"u8)).ShouldBe("é✅😂!");
    }

    [Fact]
    public void Headers_are_unfolded_and_the_body_starts_after_the_blank_line()
    {
        var entity = MimeEntity.Parse("Subject: one\n two\n\tthree\nX-Empty:\nnot a header line\nContent-Type: text/plain\n\nbody\n"u8.ToArray());

        entity["subject"].ShouldBe("one two\tthree");
        entity["X-Empty"].ShouldBe("");
        entity["Content-Type"].ShouldBe("text/plain");
        Encoding.UTF8.GetString(entity.Body.Span).ShouldBe("body\n");
    }

    [Fact]
    public void Multipart_parts_end_before_the_line_break_of_the_next_boundary_and_a_similar_longer_boundary_is_content()
    {
        var parts = Multipart.Split("preamble\n--b\n\none\n--b-not\n--b  \n\ntwo\n--b--\nepilogue\n"u8.ToArray(), "b");

        parts.Select(p => Encoding.UTF8.GetString(p.Span)).ShouldBe(["\none\n--b-not", "\ntwo"]);
    }

    [Theory]
    [InlineData("<p>a</p><p>b</p>", "a\n\nb")]
    [InlineData("<div>Line1</div><div>Line2</div><div><br></div><div>Line3</div>", "Line1\nLine2\n\nLine3")]
    [InlineData("<a href=\"x>y\">link</a> &amp; &lt;tag&gt; &quot;q&quot; &#39;s", "link & <tag> \"q\" 's")]
    [InlineData("1 < 2 and <b>bold</b>", "1 < 2 and bold")]
    [InlineData("<style>x</style><SCRIPT>y</SCRIPT>visible", "visible")]
    public void Html_is_reduced_to_text(string html, string expected) => HtmlToText.Convert(html).ShouldBe(expected);
}
