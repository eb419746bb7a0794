using Ledger.Domain.Conversations;
using Ledger.Import.Classification;

namespace Ledger.Import.Tests.Classification;

public class ExplanationTests
{
    [Fact]
    public void The_reasons_name_the_rule_its_priority_what_matched_and_where()
    {
        var outcome = RuleSet.Default.Classify(new ClassificationRequest("Please pay invoice for €1,250.00 by Friday", Channel.Email));
        outcome.Reasons[^1].ShouldBe("rule invoice-revenue (priority 40): keyword 'invoice*' at 11; amount '€1,250.00' at 23 → 1250.00 EUR");
    }

    [Fact]
    public void The_reasons_list_the_higher_priority_rules_that_were_tried_and_why_they_did_not_match()
    {
        var outcome = RuleSet.Default.Classify(new ClassificationRequest("Please pay invoice for €1,250.00 by Friday", Channel.Email));
        outcome.Reasons.ShouldBe([
            "tried refund-cost (priority 10): no keyword matched",
            "tried discount-saving (priority 20): no keyword matched",
            "tried expense-cost (priority 30): no keyword matched",
            "tried invoice-reference-revenue (priority 35): no regex matched",
            "rule invoice-revenue (priority 40): keyword 'invoice*' at 11; amount '€1,250.00' at 23 → 1250.00 EUR",
        ]);
    }

    [Fact]
    public void The_sentiment_explanation_lists_each_term_with_its_weight()
    {
        var outcome = RuleSet.Default.Classify(new ClassificationRequest("Not happy. Really angry 😡", Channel.Chat));
        outcome.Reasons[^1].ShouldBe(
            "rule negative-sentiment (priority 70): sentiment -7 ('happy' -1 (negated) at 4, 'angry' -3 at 18, '😡' -3 at 24; " +
            "intensified by 'Really') → valence -0.88, intensity 5, signal frustration");
    }

    [Fact]
    public void Format_prints_the_verdict_then_one_reason_per_line()
    {
        var request = new ClassificationRequest("We shipped 12 pallets today", Channel.Email, "Order 17");
        var text = Explanation.Format(request, RuleSet.Default.Classify(request));
        text.Split('\n').ShouldBe([
            "channel     email, 27 characters, subject of 8",
            "kind        logistical",
            "payload     12 pallet of 'goods', shipped",
            "rule        goods-shipped, confidence 0.75",
            "why",
            "  tried refund-cost (priority 10): no keyword matched",
            "  tried discount-saving (priority 20): no keyword matched",
            "  tried expense-cost (priority 30): no keyword matched",
            "  tried invoice-reference-revenue (priority 35): no keyword matched",
            "  tried invoice-revenue (priority 40): no keyword matched",
            "  tried goods-returned (priority 50): no keyword matched",
            "  tried goods-delivered (priority 52): no keyword matched",
            "  rule goods-shipped (priority 54): keyword 'shipped' at 3; quantity '12 pallets' at 11 → 12 pallet",
            "",
        ]);
    }

    [Fact]
    public void Format_never_prints_the_message_text_outside_the_quoted_fragments()
    {
        var request = new ClassificationRequest("Secret plan: lunch at noon", Channel.Chat, "Top secret subject");
        var text = Explanation.Format(request, RuleSet.Default.Classify(request));
        text.ShouldNotContain("Secret plan");
        text.ShouldNotContain("Top secret");
        text.ShouldContain("rule        fallback, confidence 0.20");
    }
}
