using System.Text;

namespace Ledger.Import.Sources.Mbox;

/// <summary>
/// The plain text of a message body. text/plain is preferred; text/html is converted when a part offers nothing else.
/// multipart/alternative yields its first text/plain alternative (else its first usable one); other multiparts
/// (mixed, related, signed…) join the text of their parts with a blank line. Attachments (Content-Disposition:
/// attachment) and non-text parts, including attached messages, are ignored. Transfer encodings and charsets are
/// decoded; format=flowed text is unwrapped (RFC 3676).
/// </summary>
internal static class BodyText
{
    private const int MaxDepth = 32;

    public static string Extract(MimeEntity message) => Find(message, 0)?.Text ?? "";

    private sealed record Found(string Text, bool FromHtml);

    private static Found? Find(MimeEntity entity, int depth)
    {
        if (depth > MaxDepth) return null;
        var disposition = entity["Content-Disposition"];
        if (disposition is not null && disposition.StartsWith("attachment", StringComparison.OrdinalIgnoreCase)) return null;

        var type = ContentType.Parse(entity["Content-Type"]);
        if (type.Type == "multipart")
        {
            var boundary = type.Parameter("boundary");
            if (string.IsNullOrEmpty(boundary)) return null;
            var found = Multipart.Split(entity.Body, boundary)
                .Select(part => Find(MimeEntity.Parse(part), depth + 1))
                .OfType<Found>()
                .Where(f => f.Text.Length > 0)
                .ToList();
            if (found.Count == 0) return null;
            if (type.Subtype == "alternative") return found.FirstOrDefault(f => !f.FromHtml) ?? found[0];
            return new Found(string.Join("\n\n", found.Select(f => f.Text)), found.All(f => f.FromHtml));
        }
        if (type.MediaType is not ("text/plain" or "text/html")) return null;

        var bytes = TransferEncoding.Decode(entity["Content-Transfer-Encoding"], entity.Body.Span);
        var text = SourceText.NormaliseNewlines(Charsets.Decode(bytes, type.Parameter("charset")));
        if (type.MediaType == "text/html") return new Found(HtmlToText.Convert(text), true);
        if (string.Equals(type.Parameter("format"), "flowed", StringComparison.OrdinalIgnoreCase))
            text = Unflow(text, string.Equals(type.Parameter("delsp"), "yes", StringComparison.OrdinalIgnoreCase));
        return new Found(text.TrimEnd(), false);
    }

    /// <summary>
    /// format=flowed: a line ending in a space continues on the next line of the same quote depth; a leading space
    /// is stuffing; "-- " (the signature separator) never flows; with delsp=yes the flowing space is removed.
    /// </summary>
    private static string Unflow(string text, bool deleteSpace)
    {
        var result = new StringBuilder(text.Length);
        var flowing = false;
        var flowingDepth = 0;
        foreach (var raw in text.Split('\n'))
        {
            var depth = 0;
            while (depth < raw.Length && raw[depth] == '>') depth++;
            var line = raw[depth..];
            if (line.StartsWith(' ')) line = line[1..];
            var continues = flowing && depth == flowingDepth; // no line break, no quote marks
            if (!continues)
            {
                if (result.Length > 0) result.Append('\n');
                if (depth > 0) result.Append('>', depth).Append(' ');
            }
            flowing = line.EndsWith(' ') && line != "-- ";
            flowingDepth = depth;
            result.Append(flowing && deleteSpace ? line[..^1] : line);
        }
        return result.ToString();
    }
}
