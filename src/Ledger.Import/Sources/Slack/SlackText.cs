using System.Text;

namespace Ledger.Import.Sources.Slack;

/// <summary>
/// Slack's message markup to plain text. In Slack's text a literal <c>&lt; &gt; &amp;</c> is escaped, so every raw
/// <c>&lt;…&gt;</c> is a control sequence: <c>&lt;@U1&gt;</c> → <c>@name</c>, <c>&lt;#C1|general&gt;</c> →
/// <c>#general</c>, <c>&lt;!here&gt;</c> → <c>@here</c>, <c>&lt;!subteam^S1|@eng&gt;</c> → <c>@eng</c>,
/// <c>&lt;url|label&gt;</c> → <c>label (url)</c>, <c>&lt;url&gt;</c> → <c>url</c>. Escapes are decoded in the text and in
/// labels, not in names looked up from the directory.
/// </summary>
internal static class SlackText
{
    public static string Decode(string text, Func<string, string?> userName, Func<string, string?> channelName)
    {
        if (text.IndexOfAny(['<', '&']) < 0) return SourceText.NormaliseNewlines(text);
        var result = new StringBuilder(text.Length);
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf('<', position);
            var close = open < 0 ? -1 : text.IndexOf('>', open + 1);
            if (open < 0 || close < 0)
            {
                result.Append(Unescape(text[position..]));
                break;
            }
            result.Append(Unescape(text[position..open]));
            result.Append(Token(text[(open + 1)..close], userName, channelName));
            position = close + 1;
        }
        return SourceText.NormaliseNewlines(result.ToString());
    }

    private static string Token(string token, Func<string, string?> userName, Func<string, string?> channelName)
    {
        var bar = token.IndexOf('|', StringComparison.Ordinal);
        var target = bar < 0 ? token : token[..bar];
        var label = bar < 0 ? null : Unescape(token[(bar + 1)..]);
        switch (target.Length > 0 ? target[0] : '\0')
        {
            case '@':
                var user = target[1..];
                return "@" + (userName(user) ?? label?.TrimStart('@') ?? user);
            case '#':
                var channel = target[1..];
                return "#" + (channelName(channel) ?? label ?? channel);
            case '!':
                var command = target[1..];
                if (command.StartsWith("subteam^", StringComparison.Ordinal)) return "@" + (label?.TrimStart('@') ?? command["subteam^".Length..]);
                if (command is "here" or "channel" or "everyone") return "@" + command;
                return label ?? "@" + command;
            default:
                var url = Unescape(target);
                if (label is null || label == url) return url;
                if (url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) && label == url["mailto:".Length..]) return label;
                return $"{label} ({url})";
        }
    }

    private static string Unescape(string text) =>
        text.Contains('&', StringComparison.Ordinal)
            ? text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal)
            : text;
}
