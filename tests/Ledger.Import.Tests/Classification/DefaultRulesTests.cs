using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Ledger.Import.Classification;

namespace Ledger.Import.Tests.Classification;

public class DefaultRulesTests
{
    private static ClassificationOutcome Classify(string text, Channel channel = Channel.Email, string? subject = null) =>
        RuleSet.Default.Classify(new ClassificationRequest(text, channel, subject));

    [Fact]
    public void The_default_rules_parse_and_are_tried_ordinary_rules_first_then_channel_defaults()
    {
        var ids = RuleSet.Default.RuleIds;
        ids[0].ShouldBe("refund-cost");
        ids.TakeLast(3).ShouldBe(["forum-default", "meeting-default", "social-default"]);
        RuleSet.Default.SourceName.ShouldBe("default-rules.yaml");
        RuleSet.Parse(RuleSet.DefaultYaml, "copy.yaml").RuleIds.ShouldBe(ids);
    }

    [Theory]
    [InlineData("Invoice INV-2024-017 for €1,250.00 is attached", "invoice-reference-revenue", "revenue 1250.00 EUR (reference invoice:INV-2024-017)")]
    [InlineData("Please find our invoice of €1,250.00", "invoice-revenue", "revenue 1250.00 EUR")]
    [InlineData("Payment of 1.250,00 € received, thanks!", "invoice-revenue", "revenue 1250.00 EUR")]
    [InlineData("Deal closed at $50k 🎉", "invoice-revenue", "revenue 50000 USD")]
    [InlineData("請求書を送付します。金額は¥50,000です。", "invoice-revenue", "revenue 50000 JPY")]
    [InlineData("Rechnung über 1.250,00 € anbei", "invoice-revenue", "revenue 1250.00 EUR")]
    [InlineData("We refunded the customer €40", "refund-cost", "cost 40 EUR")]
    [InlineData("Thanks to the volume discount we saved $2,000", "discount-saving", "saving 2000 USD")]
    [InlineData("The supplier invoice of 300 USD is due", "expense-cost", "cost 300 USD")]
    [InlineData("We shipped 12 pallets today, tracking number 1Z999", "goods-shipped", "12 pallet of 'goods', shipped")]
    [InlineData("The parcel has arrived", "goods-delivered", "1 item of 'goods', delivered")]
    [InlineData("3 boxes were sent back with a return label", "goods-returned", "3 box of 'goods', returned")]
    [InlineData("We will deliver the order next Tuesday", "delivery-promised", "1 item of 'goods', promised")]
    [InlineData("Let me introduce you to Maria, our CFO", "referral", "referral on 'introduction'")]
    [InlineData("Attached is the proposal", "document", "document on 'document'")]
    [InlineData("This delay is unacceptable 😡", "negative-sentiment", "complaint, valence -0.86, intensity 5")]
    [InlineData("Thank you so much for your help 🙏", "positive-sentiment", "gratitude, valence +0.80, intensity 5")]
    [InlineData("شكرا جزيلا على المساعدة", "positive-sentiment", "gratitude, valence +0.67, intensity 2")]
    [InlineData("What if we bundled support with the licence?", "idea", "idea on 'idea'")]
    [InlineData("Here is my feedback on the beta", "feedback", "feedback on 'feedback'")]
    [InlineData("You can fix it by clearing the cache", "answer", "answer on 'support'")]
    [InlineData("Lunch?", "fallback", "answer on 'unclassified'")]
    public void Classifies_typical_messages(string text, string ruleId, string payload)
    {
        var outcome = Classify(text);
        outcome.Classification.RuleId.ShouldBe(ruleId, string.Join(" | ", outcome.Reasons));
        Explanation.Describe(outcome.Payload).ShouldBe(payload);
    }

    [Theory]
    [InlineData(Channel.Forum, "forum-default", "answer on 'forum'")]
    [InlineData(Channel.Meeting, "meeting-default", "idea on 'meeting'")]
    [InlineData(Channel.Call, "meeting-default", "idea on 'meeting'")]
    [InlineData(Channel.SocialNetwork, "social-default", "feedback on 'social'")]
    [InlineData(Channel.Chat, "fallback", "answer on 'unclassified'")]
    public void Messages_nothing_else_matches_take_their_channel_default(Channel channel, string ruleId, string payload)
    {
        var outcome = Classify("Anyone around tomorrow morning?", channel);
        outcome.Classification.RuleId.ShouldBe(ruleId);
        Explanation.Describe(outcome.Payload).ShouldBe(payload);
    }
}
