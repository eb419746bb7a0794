using System.Globalization;
using Ledger.Domain.Interactions;

namespace Ledger.Import.Classification;

/// <summary>A lexicon term: its strength (−3…3, the sign is the polarity) and the emotional signal it shows.</summary>
internal sealed record LexiconEntry(string Term, int Weight, EmotionalSignal Signal);

/// <summary>One lexicon term found in a message. A negated term counts with the opposite sign.</summary>
internal sealed record SentimentHit(LexiconEntry Entry, bool Negated, TextHit Hit)
{
    public int Weight => Negated ? -Entry.Weight : Entry.Weight;

    /// <summary>"not happy" is frustration; "no problem" shows no particular signal.</summary>
    public EmotionalSignal Signal => !Negated ? Entry.Signal : Entry.Weight > 0 ? EmotionalSignal.Frustration : EmotionalSignal.Other;

    public string Describe() =>
        $"{TextPatterns.Quote(Hit.Fragment)} {Weight.ToString("+0;-0", CultureInfo.InvariantCulture)}{(Negated ? " (negated)" : "")} {Hit.Where}";
}

/// <summary>
/// The sentiment of a message. <see cref="Valence"/> = net / (|net| + 1), rounded to 2 decimals, where net is the sum
/// of the signed weights: one "thanks" (+1) is 0.5, "thank you" (+2) 0.67, +4 is 0.8; mixed terms cancel out.
/// <see cref="Intensity"/> = the sum of absolute weights, +1 per intensifier ("very", "so much"…), +1 for an
/// exclamation mark, clamped to 1…5.
/// </summary>
internal sealed record SentimentScore(IReadOnlyList<SentimentHit> Hits, IReadOnlyList<string> Intensifiers, bool Exclamation)
{
    public int Net => Hits.Sum(h => h.Weight);

    public decimal Valence => Net == 0 ? 0m : Math.Round(Net / (decimal)(Math.Abs(Net) + 1), 2, MidpointRounding.AwayFromZero);

    public int Intensity => Hits.Count == 0
        ? PayloadValidation.MinIntensity
        : Math.Clamp(Hits.Sum(h => Math.Abs(h.Weight)) + Intensifiers.Count + (Exclamation ? 1 : 0),
            PayloadValidation.MinIntensity, PayloadValidation.MaxIntensity);

    /// <summary>
    /// The signal with the greatest weight among the terms on the side of the net score (ties: the earliest term);
    /// <see cref="EmotionalSignal.Other"/> when the score is neutral.
    /// </summary>
    public EmotionalSignal Signal => Net == 0
        ? EmotionalSignal.Other
        : Hits.Where(h => Math.Sign(h.Weight) == Math.Sign(Net))
            .Select((h, order) => (h.Signal, Weight: Math.Abs(h.Weight), order))
            .GroupBy(h => h.Signal)
            .OrderByDescending(g => g.Sum(h => h.Weight))
            .ThenBy(g => g.Min(h => h.order))
            .First().Key;

    public string Describe()
    {
        var terms = string.Join(", ", Hits.Select(h => h.Describe()));
        var boost = Intensifiers.Count == 0 && !Exclamation
            ? ""
            : $"; intensified by {string.Join(", ", Intensifiers.Select(TextPatterns.Quote).Concat(Exclamation ? ["'!'"] : []))}";
        return $"sentiment {Net.ToString("+0;-0;0", CultureInfo.InvariantCulture)} ({terms}{boost}) → valence " +
               $"{Valence.ToString("0.00", CultureInfo.InvariantCulture)}, intensity {Intensity}, signal {Signal.ToString().ToLowerInvariant()}";
    }
}

/// <summary>
/// Scores the sentiment of a message with a lexicon of words, phrases and emoji. Built-in entries are in
/// <see cref="BuiltinLexicon"/>; a rule file's <c>lexicon</c> adds, re-weights or (weight 0) removes terms.
/// </summary>
internal sealed class SentimentLexicon
{
    /// <summary>Each term counts at most this often, so a repeated word cannot swamp a message.</summary>
    public const int MaxCountPerTerm = 3;

    private const int NegationWindow = 3;

    private static readonly TermMatcher IntensifierMatcher = new(BuiltinLexicon.Intensifiers);

    private readonly TermMatcher _matcher;

    public SentimentLexicon(IEnumerable<LexiconEntry> entries)
    {
        Entries = entries.ToArray();
        _matcher = new TermMatcher(Entries.Select(e => e.Term).ToArray());
    }

    public static SentimentLexicon Builtin { get; } = new(BuiltinLexicon.Entries);

    public IReadOnlyList<LexiconEntry> Entries { get; }

    /// <summary>The built-in entries with a file's entries applied over them (same term, ignoring case: replaced).</summary>
    public static IReadOnlyList<LexiconEntry> Merge(IEnumerable<LexiconEntry> overrides)
    {
        var merged = BuiltinLexicon.Entries.ToDictionary(e => e.Term, StringComparer.OrdinalIgnoreCase);
        var order = BuiltinLexicon.Entries.Select(e => e.Term).ToList();
        foreach (var entry in overrides)
        {
            if (!merged.ContainsKey(entry.Term))
                order.Add(entry.Term);
            merged[entry.Term] = entry;
        }

        return order.Select(t => merged[t]).Where(e => e.Weight != 0).ToArray();
    }

    public SentimentScore Score(IReadOnlyList<TextField> fields)
    {
        var hits = new List<SentimentHit>();
        var intensifiers = new List<string>();
        var counts = new int[Entries.Count];
        foreach (var field in fields)
        {
            foreach (var (term, hit) in _matcher.Matches(field))
            {
                if (++counts[term] <= MaxCountPerTerm)
                    hits.Add(new SentimentHit(Entries[term], IsNegated(field.Text, hit.Index), hit));
            }

            intensifiers.AddRange(IntensifierMatcher.Matches(field).Select(m => m.Hit.Fragment));
        }

        return hits.Count == 0
            ? new SentimentScore(hits, [], false)
            : new SentimentScore(hits, intensifiers, fields.Any(f => f.Text.Contains('!', StringComparison.Ordinal)));
    }

    /// <summary>A negator among the three words before the term, within its clause: "not happy", "not very happy".</summary>
    private static bool IsNegated(string text, int index)
    {
        var clauseStart = text.LastIndexOfAny(['.', ',', ';', ':', '!', '?', '\n', '\r', '(', ')'], Math.Max(0, index - 1)) + 1;
        if (index == 0 || clauseStart >= index)
            return false;
        var words = text[clauseStart..index].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.TakeLast(NegationWindow).Any(word =>
        {
            var w = word.Trim('"', '\'', '“', '”', '‘', '’').ToLowerInvariant();
            return BuiltinLexicon.Negators.Contains(w) || w.EndsWith("n't", StringComparison.Ordinal)
                                                      || w.EndsWith("n’t", StringComparison.Ordinal);
        });
    }
}
