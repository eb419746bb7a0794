using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Ledger.Import.Classification;
using static Ledger.Import.Tests.Classification.RuleTesting;

namespace Ledger.Import.Tests.Classification;

public class RuleOrderTests
{
    [Fact]
    public void The_rule_with_the_lowest_priority_number_wins_whatever_the_file_order()
    {
        var rules = Rules("""
            rules:
              - { id: late, priority: 50, confidence: 0.5, keywords: [report], output: { kind: informational, what: document, topic: a } }
              - { id: early, priority: 5, confidence: 0.8, keywords: [report], output: { kind: informational, what: feedback, topic: b } }
            """);
        var outcome = rules.Classify("the report");
        outcome.Classification.ShouldBe(new Domain.Interactions.Classification(ClassificationSource.Rule, "early", 0.8m));
        outcome.Payload.ShouldBe(new InformationalPayload(InformationKind.Feedback, "b"));
        rules.RuleIds.ShouldBe(["early", "late"]);
    }

    [Fact]
    public void Equal_priorities_are_tried_in_file_order_and_an_omitted_priority_is_100()
    {
        var rules = Rules("""
            rules:
              - { id: first, confidence: 0.5, keywords: [report], output: { kind: informational, what: document, topic: a } }
              - { id: second, priority: 100, confidence: 0.5, keywords: [report], output: { kind: informational, what: idea, topic: b } }
              - { id: before, priority: 99, confidence: 0.5, keywords: [other], output: { kind: informational, what: idea, topic: c } }
            """);
        rules.Classify("report").Classification.RuleId.ShouldBe("first");
        rules.RuleIds.ShouldBe(["before", "first", "second"]);
    }

    [Fact]
    public void A_rule_whose_output_cannot_be_produced_lets_the_next_rule_match()
    {
        var rules = Rules("""
            rules:
              - { id: money, priority: 1, confidence: 0.9, keywords: [invoice], output: { kind: monetary, direction: revenue } }
              - { id: doc, priority: 2, confidence: 0.6, keywords: [invoice], output: { kind: informational, what: document, topic: invoice } }
            """);
        rules.Classify("invoice of €10").Classification.RuleId.ShouldBe("money");
        var withoutAmount = rules.Classify("the invoice is attached");
        withoutAmount.Classification.RuleId.ShouldBe("doc");
        withoutAmount.Reasons[0].ShouldBe("tried money (priority 1): no amount with a currency");
    }

    [Fact]
    public void A_channel_default_applies_only_on_its_channels_and_only_when_no_ordinary_rule_matched()
    {
        var rules = Rules("""
            rules:
              - { id: forum-answer, default: true, priority: 0, channels: [forum], confidence: 0.35,
                  output: { kind: informational, what: answer, topic: forum } }
              - { id: idea, priority: 500, confidence: 0.6, keywords: [idea], output: { kind: informational, what: idea, topic: idea } }
            """);
        var plain = rules.Classify("How do I reset my password?", Channel.Forum);
        plain.Classification.ShouldBe(new Domain.Interactions.Classification(ClassificationSource.Rule, "forum-answer", 0.35m));
        plain.Payload.ShouldBe(new InformationalPayload(InformationKind.Answer, "forum"));
        plain.Reasons[^1].ShouldBe("rule forum-answer (channel default, priority 0): channel forum");

        rules.Classify("an idea for the forum", Channel.Forum).Classification.RuleId.ShouldBe("idea");
        rules.Classify("How do I reset my password?", Channel.Email).Classification.RuleId.ShouldBe(RuleSet.FallbackRuleId);
        rules.RuleIds.ShouldBe(["idea", "forum-answer"]);
    }

    [Fact]
    public void A_message_no_rule_matches_is_an_unclassified_answer_with_low_confidence()
    {
        var rules = OneRule("keywords: [invoice]", "{ kind: informational, what: document, topic: doc }");
        var outcome = rules.Classify("Lunch at noon?");
        outcome.Payload.ShouldBe(new InformationalPayload(InformationKind.Answer, "unclassified"));
        outcome.Classification.ShouldBe(new Domain.Interactions.Classification(ClassificationSource.Rule, "fallback", 0.2m));
        outcome.Reasons.ShouldBe([
            "tried r (priority 100): no keyword matched",
            "rule fallback: no rule matched, so an informational answer on 'unclassified' with confidence 0.2",
        ]);
    }

    [Fact]
    public void Each_rule_records_its_own_id_and_confidence()
    {
        var rules = Rules("""
            rules:
              - { id: sure, confidence: 0.95, keywords: [contract], output: { kind: informational, what: document, topic: contract } }
              - { id: unsure, confidence: 0.15, keywords: [maybe], output: { kind: informational, what: idea, topic: idea } }
            """);
        rules.Classify("contract").Classification.ShouldBe(new Domain.Interactions.Classification(ClassificationSource.Rule, "sure", 0.95m));
        rules.Classify("maybe").Classification.ShouldBe(new Domain.Interactions.Classification(ClassificationSource.Rule, "unsure", 0.15m));
    }

    [Fact]
    public void All_conditions_of_a_rule_must_hold()
    {
        var rules = OneRule("keywords: [order]\n    regex: 'PO-\\d{4}'\n    sentiment: positive",
            "{ kind: informational, what: document, topic: order }");
        rules.Classify("thanks for order PO-1234").Classification.RuleId.ShouldBe("r");
        rules.Classify("order PO-1234").Classification.RuleId.ShouldBe(RuleSet.FallbackRuleId);
        rules.Classify("thanks for order 1234").Classification.RuleId.ShouldBe(RuleSet.FallbackRuleId);
        rules.Classify("thanks for PO-1234").Classification.RuleId.ShouldBe(RuleSet.FallbackRuleId);
    }

    [Fact]
    public void Logistical_rules_read_the_quantity_and_unit_or_use_their_defaults()
    {
        var rules = OneRule("keywords: [delivered]", """
            { kind: logistical, item: goods, unit: item, quantity: 1, status: delivered,
                      quantities: [ { unit: pallet, words: [pallet, pallets] }, { unit: box, words: [box, boxes] } ] }
            """);
        rules.Classify("We delivered 12 pallets today").Payload.ShouldBe(new LogisticalPayload("goods", 12m, "pallet", LogisticalStatus.Delivered));
        rules.Classify("delivered 1,000 boxes").Payload.ShouldBe(new LogisticalPayload("goods", 1000m, "box", LogisticalStatus.Delivered));
        rules.Classify("delivered 2.5 pallets").Payload.ShouldBe(new LogisticalPayload("goods", 2.5m, "pallet", LogisticalStatus.Delivered));
        rules.Classify("Order 4521 delivered").Payload.ShouldBe(new LogisticalPayload("goods", 1m, "item", LogisticalStatus.Delivered));
        rules.Classify("delivered 0 boxes").Payload.ShouldBe(new LogisticalPayload("goods", 1m, "item", LogisticalStatus.Delivered));
        rules.Classify("delivered 5000000000 boxes, then 3 pallets").Payload
            .ShouldBe(new LogisticalPayload("goods", 3m, "pallet", LogisticalStatus.Delivered));
    }
}
