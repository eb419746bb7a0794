using System.Text;

namespace Ledger.Import.Sources.Mbox;

/// <summary>A mailbox from an address header: lower-cased address and decoded display name (null when none).</summary>
internal sealed record EmailAddress(string Address, string? Name);

/// <summary>
/// RFC 5322 address lists (From, To, Cc, Bcc): <c>Name &lt;a@b&gt;</c>, bare <c>a@b</c>, <c>a@b (Name)</c>, quoted names
/// with commas or escapes, comments, groups (<c>Team: a@b, c@d;</c> — the group's name is not a person) and encoded
/// words in names. Entries without a usable address (<c>undisclosed-recipients:;</c>) are left out.
/// </summary>
internal static class AddressList
{
    public static List<EmailAddress> Parse(string? value)
    {
        var result = new List<EmailAddress>();
        if (string.IsNullOrWhiteSpace(value)) return result;
        var item = new StringBuilder();
        var angle = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '"' or '(')
            {
                var end = SkipQuotedOrComment(value, i);
                item.Append(value, i, end - i);
                i = end - 1;
                continue;
            }
            if (c == '<') angle = true;
            else if (c == '>') angle = false;
            else if (!angle && c is ',' or ';')
            {
                Flush(item, result);
                continue;
            }
            else if (!angle && c == ':')
            {
                item.Clear(); // what came before is a group's display name
                continue;
            }
            item.Append(c);
        }
        Flush(item, result);
        return result;
    }

    private static void Flush(StringBuilder item, List<EmailAddress> result)
    {
        var mailbox = Mailbox(item.ToString());
        item.Clear();
        if (mailbox is not null) result.Add(mailbox);
    }

    private static EmailAddress? Mailbox(string text)
    {
        var open = IndexOutsideQuotes(text, '<');
        string address;
        string? name;
        if (open >= 0)
        {
            var close = text.IndexOf('>', open + 1);
            address = text[(open + 1)..(close < 0 ? text.Length : close)];
            var route = address.LastIndexOf(':'); // obsolete source route: <@relay:a@b>
            if (route >= 0) address = address[(route + 1)..];
            name = Phrase(text[..open], keepComments: false);
        }
        else
        {
            // a@b (Name): the comment is the only name there is.
            var comments = new StringBuilder();
            address = StripComments(text, comments);
            name = comments.Length > 0 ? Phrase(comments.ToString(), keepComments: true) : null;
        }
        address = StripComments(address, null).Trim();
        return SourceText.IsEmail(address) ? new EmailAddress(address.ToLowerInvariant(), name) : null;
    }

    /// <summary>A display name: quoted strings unquoted, comments dropped, whitespace collapsed, encoded words decoded.</summary>
    private static string? Phrase(string text, bool keepComments)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"' || (c == '(' && !keepComments))
            {
                var end = SkipQuotedOrComment(text, i);
                if (c == '"') result.Append(Unescape(text[(i + 1)..Math.Max(i + 1, end - 1)]));
                i = end - 1;
                continue;
            }
            result.Append(c);
        }
        var name = EncodedWords.Decode(string.Join(' ', result.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        name = name.Trim().Trim('\'').Trim();
        return name.Length == 0 ? null : name;
    }

    private static string StripComments(string text, StringBuilder? comments)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '"' or '(')
            {
                var end = SkipQuotedOrComment(text, i);
                if (text[i] == '(') comments?.Append(text, i + 1, Math.Max(0, end - i - 2)).Append(' ');
                else result.Append(text, i, end - i);
                i = end - 1;
                continue;
            }
            if (!char.IsWhiteSpace(text[i])) result.Append(text[i]);
        }
        return result.ToString();
    }

    /// <summary>The index just after the quoted string or (nested) comment starting at <paramref name="start"/>.</summary>
    private static int SkipQuotedOrComment(string text, int start)
    {
        var quote = text[start] == '"';
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                i++;
                continue;
            }
            if (quote)
            {
                if (c == '"' && i > start) return i + 1;
                continue;
            }
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i + 1;
        }
        return text.Length;
    }

    private static int IndexOutsideQuotes(string text, char wanted)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '"' or '(')
            {
                i = SkipQuotedOrComment(text, i) - 1;
                continue;
            }
            if (text[i] == wanted) return i;
        }
        return -1;
    }

    private static string Unescape(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length) i++;
            result.Append(text[i]);
        }
        return result.ToString();
    }
}
