using System.Text.RegularExpressions;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;

namespace Ledger.Import.Classification;

/// <summary>One parsed rule: when it applies (conditions) and what it produces (output).</summary>
/// <param name="Order">Position in the file, the tie-breaker between rules of equal priority.</param>
/// <param name="IsDefault">A channel default: tried only after every ordinary rule failed.</param>
internal sealed record Rule(
    string Id,
    int Priority,
    decimal Confidence,
    bool IsDefault,
    int Order,
    IReadOnlySet<Channel>? Channels,
    KeywordSet? Keywords,
    KeywordSet? Exclude,
    IReadOnlyList<RulePattern> Patterns,
    SentimentCondition? Sentiment,
    RuleOutput Output)
{
    public string Label => IsDefault ? $"{Id} (channel default, priority {Priority})" : $"{Id} (priority {Priority})";
}

internal enum SentimentCondition
{
    Any,
    Positive,
    Negative,
}

/// <summary>A user regular expression as written in the file, and its compiled form.</summary>
internal sealed record RulePattern(string Source, Regex Regex);

internal abstract record RuleOutput;

/// <param name="Reference">A template such as <c>invoice:{ref}</c> filled from the regex's named groups.</param>
internal sealed record MonetaryOutput(MoneyDirection Direction, string? Reference) : RuleOutput;

internal sealed record InformationalOutput(InformationKind What, string Topic) : RuleOutput;

/// <param name="Quantities">"&lt;number&gt; &lt;word&gt;" forms that set the quantity and unit when found.</param>
internal sealed record LogisticalOutput(
    string Item,
    string Unit,
    decimal Quantity,
    LogisticalStatus Status,
    QuantityWords? Quantities) : RuleOutput;

/// <param name="Signal">Null for <c>auto</c>: the dominant signal of the lexicon's matches.</param>
/// <param name="Valence">Null: derived from the lexicon.</param>
/// <param name="Intensity">Null: derived from the lexicon.</param>
internal sealed record EmotionalOutput(EmotionalSignal? Signal, decimal? Valence, int? Intensity) : RuleOutput;

/// <summary>File-wide settings.</summary>
internal sealed record RuleSettings(
    IReadOnlyDictionary<string, string> Symbols,
    TimeSpan RegexTimeout,
    int MaxTextLength)
{
    public const int DefaultMaxTextLength = 32_768;
    public static readonly TimeSpan DefaultRegexTimeout = TimeSpan.FromMilliseconds(200);

    public static RuleSettings Defaults { get; } =
        new(AmountExtractor.DefaultSymbols, DefaultRegexTimeout, DefaultMaxTextLength);
}
