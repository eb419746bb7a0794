using System.Text.RegularExpressions;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Ledger.Import.Classification;

namespace Ledger.Import.Tests.Classification;

/// <summary>RULES.md must not drift from the engine: its examples run, its lexicon table is complete.</summary>
public partial class RulesDocumentationTests
{
    private static readonly Lazy<string> Document = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ledger.sln")))
            directory = directory.Parent;
        directory.ShouldNotBeNull("the repository root (Ledger.sln) above the test output");
        return File.ReadAllText(Path.Combine(directory.FullName, "src", "Ledger.Import", "Classification", "RULES.md"));
    });

    private static IEnumerable<string> Blocks(string language) =>
        FencedBlock().Matches(Document.Value).Where(m => m.Groups["lang"].Value == language).Select(m => m.Groups["body"].Value);

    [Fact]
    public void The_complete_example_file_parses_and_classifies_as_described()
    {
        var files = Blocks("yaml").Where(b => b.Split('\n').Any(l => l.StartsWith("rules:", StringComparison.Ordinal))).ToArray();
        files.ShouldNotBeEmpty();
        var rules = RuleSet.Parse(files[0], "RULES.md");

        rules.Classify(new ClassificationRequest("Invoice INV-2024-17 of $300", Channel.Email)).Payload
            .ShouldBe(new MonetaryPayload(300m, "CAD", MoneyDirection.Revenue, "invoice:INV-2024-17"));
        rules.Classify(new ClassificationRequest("Draft invoice of $300", Channel.Email)).Classification.RuleId.ShouldBe(RuleSet.FallbackRuleId);
        rules.Classify(new ClassificationRequest("4 pallets delivered", Channel.Chat)).Payload
            .ShouldBe(new LogisticalPayload("goods", 4m, "pallet", LogisticalStatus.Delivered));
        rules.Classify(new ClassificationRequest("ridiculous", Channel.Chat)).Classification.RuleId.ShouldBe("unhappy-customer");
        // The file's lexicon term outweighs "ridiculous" (−2): the message is no longer negative.
        rules.Classify(new ClassificationRequest("ridiculous, chapeau", Channel.Chat)).Classification.RuleId.ShouldBe(RuleSet.FallbackRuleId);
        rules.Classify(new ClassificationRequest("anyone?", Channel.Forum)).Classification.RuleId.ShouldBe("forum-default");
    }

    [Fact]
    public void The_explanation_example_is_what_the_default_rules_print()
    {
        var request = new ClassificationRequest("Please pay invoice for €1,250.00 by Friday", Channel.Email);
        var printed = Explanation.Format(request, RuleSet.Default.Classify(request));
        Blocks("text").ShouldContain(printed);
    }

    [Fact]
    public void The_lexicon_table_lists_every_built_in_term_with_its_weight()
    {
        foreach (var entry in BuiltinLexicon.Entries)
        {
            var weight = entry.Weight > 0 ? $"+{entry.Weight}" : $"−{-entry.Weight}";
            Document.Value.ShouldContain($"{entry.Term} {weight}", Case.Sensitive, $"{entry.Signal}: {entry.Term}");
        }
    }

    [GeneratedRegex(@"```(?<lang>\w+)\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
