using Ledger.Domain.Interactions;

namespace Ledger.Import.Classification;

/// <summary>
/// A parsed, immutable set of classification rules (how to write them: RULES.md next to this file). Classifying is
/// pure, deterministic and safe to call from many threads at once.
/// <para>
/// Matching order: ordinary rules by ascending <c>priority</c> (0 first; equal priorities in file order), then channel
/// defaults (<c>default: true</c>) in the same order; the first rule whose conditions hold and whose output can be
/// produced wins. When none does, the message is informational (answer, topic <c>unclassified</c>) under the reserved
/// rule id <see cref="FallbackRuleId"/> with confidence <see cref="FallbackConfidence"/>.
/// </para>
/// </summary>
public sealed class RuleSet
{
    /// <summary>The rule id of the classification given when no rule matched; no rule file may use it.</summary>
    public const string FallbackRuleId = "fallback";

    public const decimal FallbackConfidence = 0.2m;

    public const string FallbackTopic = "unclassified";

    private static readonly Lazy<RuleSet> DefaultRuleSet = new(() => Parse(DefaultRules.Yaml, DefaultRules.SourceName));

    private readonly Rule[] _rules;
    private readonly RuleSettings _settings;
    private readonly AmountExtractor _amounts;
    private readonly SentimentLexicon _lexicon;

    private RuleSet(string sourceName, ParsedRuleFile file)
    {
        SourceName = sourceName;
        _settings = file.Settings;
        _rules = file.Rules.OrderBy(r => r.IsDefault).ThenBy(r => r.Priority).ThenBy(r => r.Order).ToArray();
        _amounts = new AmountExtractor(file.Settings.Symbols);
        _lexicon = file.Lexicon is null ? SentimentLexicon.Builtin : new SentimentLexicon(file.Lexicon);
    }

    /// <summary>The rules shipped with the ledger (<see cref="DefaultYaml"/>).</summary>
    public static RuleSet Default => DefaultRuleSet.Value;

    /// <summary>The text of the default rule file, a starting point for one's own (<c>default-rules.yaml</c>).</summary>
    public static string DefaultYaml => DefaultRules.Yaml;

    /// <summary>The name the rules were parsed under, as used in error messages.</summary>
    public string SourceName { get; }

    /// <summary>The rule ids in the order they are tried.</summary>
    public IReadOnlyList<string> RuleIds => _rules.Select(r => r.Id).ToArray();

    /// <summary>
    /// Parses a rule file. <paramref name="sourceName"/> (usually the file name) prefixes error messages.
    /// </summary>
    /// <exception cref="RuleFileException">The file is not a valid rule file; the message is one line naming the
    /// file, line, column and problem.</exception>
    public static RuleSet Parse(string yaml, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        return new RuleSet(sourceName, new RuleFileParser(sourceName).Parse(yaml));
    }

    /// <summary>
    /// Classifies one message. The payload always passes <see cref="PayloadValidation"/>; the reasons say which rules
    /// were tried in order, which one fired and on what (they may quote the message: show them, never store them).
    /// </summary>
    public ClassificationOutcome Classify(ClassificationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = new MessageView(request, _settings, _amounts, _lexicon);
        var reasons = new List<string>(message.Truncated);
        foreach (var rule in _rules)
        {
            switch (RuleEvaluator.Evaluate(rule, message))
            {
                case Matched matched:
                    reasons.Add(matched.Explanation);
                    return new ClassificationOutcome(matched.Payload,
                        new Domain.Interactions.Classification(ClassificationSource.Rule, rule.Id, rule.Confidence), reasons);
                case Missed missed:
                    reasons.Add($"tried {rule.Label}: {missed.Why}");
                    break;
            }
        }

        reasons.Add($"rule {FallbackRuleId}: no rule matched, so an informational answer on '{FallbackTopic}' with confidence {FallbackConfidence}");
        return new ClassificationOutcome(new InformationalPayload(InformationKind.Answer, FallbackTopic),
            new Domain.Interactions.Classification(ClassificationSource.Rule, FallbackRuleId, FallbackConfidence), reasons);
    }
}
