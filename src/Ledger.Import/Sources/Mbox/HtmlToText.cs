using System.Net;
using System.Text;

namespace Ledger.Import.Sources.Mbox;

/// <summary>
/// HTML to plain text, for mail that has no text/plain part. Tags are dropped, with the content of script, style, head
/// and title; so are comments and declarations. br is a line break; block elements (div, list items, table rows…) end
/// a line; paragraphs (p, headings, lists, tables, blockquote) are set apart by a blank line. Entities are decoded
/// (named and numeric), whitespace runs become one space, lines are trimmed and at most one blank line is kept.
/// One linear pass, no regular expressions.
/// </summary>
internal static class HtmlToText
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "script", "style", "head", "title" };

    /// <summary>Elements that start and end a line.</summary>
    private static readonly HashSet<string> Lines = new(StringComparer.Ordinal)
    {
        "div", "li", "tr", "dd", "dt", "section", "article", "header", "footer", "hr",
    };

    /// <summary>Elements set apart by a blank line.</summary>
    private static readonly HashSet<string> Paragraphs = new(StringComparer.Ordinal)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre",
    };

    public static string Convert(string html)
    {
        var text = new StringBuilder(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c != '<')
            {
                text.Append(char.IsWhiteSpace(c) ? ' ' : c);
                i++;
                continue;
            }
            if (html.AsSpan(i).StartsWith("<!--"))
            {
                var endComment = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = endComment < 0 ? html.Length : endComment + 3;
                continue;
            }
            var end = TagEnd(html, i + 1);
            var nameStart = i + 1 < html.Length && html[i + 1] == '/' ? i + 2 : i + 1;
            if (end < 0 || nameStart >= html.Length || !(char.IsAsciiLetter(html[nameStart]) || html[nameStart] is '!' or '?'))
            {
                text.Append(c); // a lone '<' in text
                i++;
                continue;
            }
            var nameEnd = nameStart;
            while (nameEnd < end && char.IsAsciiLetterOrDigit(html[nameEnd])) nameEnd++;
            var name = html[nameStart..nameEnd].ToLowerInvariant();
            var closing = nameStart == i + 2;
            i = end + 1;
            if (!closing && Skipped.Contains(name))
            {
                var close = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                var closeEnd = close < 0 ? -1 : TagEnd(html, close + 1);
                i = closeEnd < 0 ? html.Length : closeEnd + 1;
            }
            else if (name == "br") text.Append('\n');
            else if (Lines.Contains(name)) EndLine(text, 1);
            else if (Paragraphs.Contains(name)) EndLine(text, 2);
        }
        return Tidy(WebUtility.HtmlDecode(text.ToString()));
    }

    /// <summary>The index of the '&gt;' closing a tag that starts at <paramref name="from"/>, skipping quoted attribute values.</summary>
    private static int TagEnd(string html, int from)
    {
        char? quote = null;
        for (var i = from; i < html.Length; i++)
        {
            var c = html[i];
            if (quote is not null)
            {
                if (c == quote) quote = null;
            }
            else if (c is '"' or '\'') quote = c;
            else if (c == '>') return i;
        }
        return -1;
    }

    /// <summary>Makes the text end with <paramref name="breaks"/> line breaks (spaces before them dropped), unless it is empty.</summary>
    private static void EndLine(StringBuilder text, int breaks)
    {
        while (text.Length > 0 && text[^1] == ' ') text.Length--;
        if (text.Length == 0) return;
        var have = 0;
        while (have < breaks && have < text.Length && text[text.Length - 1 - have] == '\n') have++;
        text.Append('\n', breaks - have);
    }

    private static string Tidy(string text)
    {
        var result = new StringBuilder(text.Length);
        var sawBlank = false;
        foreach (var raw in text.Replace('\u00A0', ' ').Split('\n'))
        {
            var line = string.Join(' ', raw.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries));
            if (line.Length == 0)
            {
                sawBlank = true;
                continue;
            }
            if (result.Length > 0) result.Append(sawBlank ? "\n\n" : "\n");
            result.Append(line);
            sawBlank = false;
        }
        return result.ToString();
    }
}
