using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ledger.Import.Classification;

/// <summary>One searchable part of a message: its subject or its text.</summary>
internal readonly record struct TextField(string Name, string Text)
{
    public const string SubjectName = "subject";
    public const string TextName = "text";
}

/// <summary>Where something matched: the field, the UTF-16 offset in it and the matched fragment.</summary>
internal readonly record struct TextHit(string Field, int Index, string Fragment)
{
    public string Where => Field == TextField.TextName ? $"at {Index}" : $"in {Field} at {Index}";
}

/// <summary>
/// Turns the terms of a rule file (keywords, lexicon entries) into regular expressions: case-insensitive,
/// whitespace-tolerant between words, and bounded by word edges where the script separates words with spaces.
/// </summary>
internal static class TextPatterns
{
    private const int MaxQuoted = 40;

    /// <summary>
    /// The regex source of one term. <c>thank you</c> → <c>\bthank\s+you\b</c>; a trailing <c>*</c> matches any word
    /// ending (<c>refund*</c> finds "refunded"); an edge in Han, kana, Hangul or Thai script gets no boundary since those
    /// scripts do not separate words with spaces; emoji match with or without a variation selector (❤ and ❤️).
    /// </summary>
    public static string Keyword(string term)
    {
        var prefix = term.EndsWith('*');
        var core = (prefix ? term[..^1] : term).Replace("\uFE0F", "", StringComparison.Ordinal)
            .Replace("\uFE0E", "", StringComparison.Ordinal).Trim();
        var words = core.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var pattern = new StringBuilder();
        if (NeedsBoundary(core[0]))
            pattern.Append(@"\b");
        for (var w = 0; w < words.Length; w++)
        {
            if (w > 0)
                pattern.Append(@"\s+");
            foreach (var c in words[w])
            {
                pattern.Append(Regex.Escape(c.ToString()));
                if (char.IsLowSurrogate(c) || char.GetUnicodeCategory(c) == UnicodeCategory.OtherSymbol)
                    pattern.Append(@"\uFE0F?");
            }
        }

        if (prefix)
            pattern.Append(@"\w*");
        else if (NeedsBoundary(core[^1]))
            pattern.Append(@"\b");
        return pattern.ToString();
    }

    /// <summary>A fragment of the message for an explanation: quoted, at most 40 characters, no control characters.</summary>
    public static string Quote(string fragment)
    {
        var cleaned = new string(fragment.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        if (cleaned.Length > MaxQuoted)
            cleaned = cleaned[..(char.IsHighSurrogate(cleaned[MaxQuoted - 1]) ? MaxQuoted - 1 : MaxQuoted)] + "…";
        return $"'{cleaned}'";
    }

    public static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || c == '_' || char.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    /// <summary>A letter or digit of a script that separates words with spaces: text that glues onto a word.</summary>
    public static bool NeedsBoundary(char c) => IsWordChar(c) && !IsUnspacedScript(c);

    // Scripts written without spaces between words: a keyword there is found inside longer runs of text.
    private static bool IsUnspacedScript(char c) => c switch
    {
        >= '\u0E00' and <= '\u0EFF' => true, // Thai, Lao
        >= '\u1000' and <= '\u109F' => true, // Myanmar
        >= '\u1100' and <= '\u11FF' => true, // Hangul Jamo
        >= '\u1780' and <= '\u17FF' => true, // Khmer
        >= '\u3040' and <= '\u31FF' => true, // Hiragana, Katakana, Bopomofo, Hangul compatibility
        >= '\u3400' and <= '\u4DBF' => true, // CJK extension A
        >= '\u4E00' and <= '\u9FFF' => true, // CJK unified ideographs
        >= '\uAC00' and <= '\uD7AF' => true, // Hangul syllables
        >= '\uF900' and <= '\uFAFF' => true, // CJK compatibility ideographs
        >= '\uFF66' and <= '\uFF9F' => true, // half-width Katakana
        _ => false,
    };
}

/// <summary>
/// Finds any of a list of terms in one pass. Built on the non-backtracking engine, so matching time is linear in the
/// text whatever the terms and the text are; which term matched is told by its named group.
/// </summary>
internal sealed class TermMatcher
{
    private readonly Regex _regex;
    private readonly int[] _groups;

    public TermMatcher(IReadOnlyList<string> terms)
    {
        Terms = terms;
        // Longer terms first, so "thank you" wins over "thank" at the same position.
        var alternatives = Enumerable.Range(0, terms.Count)
            .OrderByDescending(i => terms[i].Length)
            .ThenBy(i => i)
            .Select(i => $"(?<t{i}>{TextPatterns.Keyword(terms[i])})");
        _regex = new Regex(string.Join('|', alternatives),
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture);
        _groups = Enumerable.Range(0, terms.Count).Select(i => _regex.GroupNumberFromName($"t{i}")).ToArray();
    }

    public IReadOnlyList<string> Terms { get; }

    /// <summary>Non-overlapping matches in text order: the term's index in <see cref="Terms"/> and where it is.</summary>
    public IEnumerable<(int Term, TextHit Hit)> Matches(TextField field)
    {
        foreach (Match match in _regex.Matches(field.Text))
            yield return (TermOf(match), new TextHit(field.Name, match.Index, match.Value));
    }

    public (int Term, TextHit Hit)? First(IReadOnlyList<TextField> fields)
    {
        foreach (var field in fields)
        {
            var match = _regex.Match(field.Text);
            if (match.Success)
                return (TermOf(match), new TextHit(field.Name, match.Index, match.Value));
        }

        return null;
    }

    private int TermOf(Match match)
    {
        for (var i = 0; i < _groups.Length; i++)
        {
            if (match.Groups[_groups[i]].Success)
                return i;
        }

        return 0;
    }
}

/// <summary>The keywords of a rule (or its exclusions), as written, with their matcher.</summary>
internal sealed record KeywordSet(IReadOnlyList<string> Keywords, TermMatcher Matcher)
{
    public static KeywordSet Of(IReadOnlyList<string> keywords) => new(keywords, new TermMatcher(keywords));

    public (string Keyword, TextHit Hit)? First(IReadOnlyList<TextField> fields) =>
        Matcher.First(fields) is { } found ? (Keywords[found.Term], found.Hit) : null;
}
