using System.Text.RegularExpressions;

namespace Ledger.Import.Sources.Mbox;

/// <summary>
/// Message ids in Message-ID, In-Reply-To and References: the text between angle brackets, without them. Values with
/// no brackets at all (seen from old clients) are split on whitespace, keeping the words that contain an <c>@</c>.
/// </summary>
internal static partial class MessageIds
{
    public static List<string> Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return [];
        var bracketed = Bracketed().Matches(value).Select(m => m.Groups[1].Value.Trim()).Where(id => id.Length > 0).ToList();
        if (bracketed.Count > 0) return bracketed;
        return [.. value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(w => w.Contains('@', StringComparison.Ordinal))];
    }

    [GeneratedRegex(@"<([^<>]+)>", RegexOptions.CultureInvariant)]
    private static partial Regex Bracketed();
}
