using Ledger.Domain.Conversations;
using Ledger.Import.Classification;

namespace Ledger.Import.Tests.Classification;

/// <summary>Small helpers: parse a rule file under a fixed name and classify a text in one call.</summary>
internal static class RuleTesting
{
    public const string FileName = "test-rules.yaml";

    public static RuleSet Rules(string yaml) => RuleSet.Parse(yaml, FileName);

    public static ClassificationOutcome Classify(this RuleSet rules, string text, Channel channel = Channel.Email, string? subject = null) =>
        rules.Classify(new ClassificationRequest(text, channel, subject));

    public static RuleFileException ParseError(string yaml) => Should.Throw<RuleFileException>(() => Rules(yaml));

    /// <summary>A file with one rule: the given conditions and output, confidence 0.9, id <c>r</c>.</summary>
    public static RuleSet OneRule(string conditions, string output) => Rules($"""
        rules:
          - id: r
            confidence: 0.9
            {conditions}
            output: {output}
        """);
}
