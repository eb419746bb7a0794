using System.Diagnostics;
using Ledger.Domain.Interactions;
using Ledger.Import.Classification;
using static Ledger.Import.Tests.Classification.RuleTesting;

namespace Ledger.Import.Tests.Classification;

public class RegexRuleTests
{
    [Fact]
    public void A_regex_condition_fires_the_rule_and_is_explained()
    {
        var rules = OneRule(@"regex: ['\bPO-\d{4}\b', 'order #\d+']", "{ kind: informational, what: document, topic: purchase-order }");
        var outcome = rules.Classify("Please process po-1234 today");
        outcome.Classification.RuleId.ShouldBe("r");
        outcome.Reasons[^1].ShouldBe(@"rule r (priority 100): regex /\bPO-\d{4}\b/ matched 'po-1234' at 15");
        rules.Classify("see Order #77").Classification.RuleId.ShouldBe("r");
        rules.Classify("PO-12345").Classification.RuleId.ShouldBe(RuleSet.FallbackRuleId);
    }

    [Fact]
    public void A_regex_can_opt_out_of_ignoring_case()
    {
        var rules = OneRule("regex: '(?-i)\\bURGENT\\b'", "{ kind: informational, what: feedback, topic: urgent }");
        rules.Classify("URGENT: call me").Classification.RuleId.ShouldBe("r");
        rules.Classify("urgent: call me").Classification.RuleId.ShouldBe(RuleSet.FallbackRuleId);
    }

    [Fact]
    public void A_named_group_fills_the_monetary_reference()
    {
        var rules = OneRule(@"regex: 'invoice (?<ref>INV-[0-9-]+)'", "{ kind: monetary, direction: revenue, reference: 'invoice:{ref}' }");
        rules.Classify("Invoice INV-2024-017 for €1,250.00").Payload
            .ShouldBe(new MonetaryPayload(1250.00m, "EUR", MoneyDirection.Revenue, "invoice:INV-2024-017"));
    }

    [Fact]
    public void A_group_that_did_not_take_part_leaves_the_reference_out()
    {
        var rules = OneRule(@"regex: 'invoice(?: (?<ref>INV-\d+))?'", "{ kind: monetary, direction: revenue, reference: 'invoice:{ref}' }");
        var outcome = rules.Classify("invoice for €5");
        outcome.Payload.ShouldBe(new MonetaryPayload(5m, "EUR", MoneyDirection.Revenue));
        outcome.Reasons[^1].ShouldContain("no reference: the regex group 'ref' did not match");
    }

    [Fact]
    public void Catastrophic_backtracking_patterns_finish_fast_on_hostile_text()
    {
        // Exponential for a backtracking engine; these patterns run on the non-backtracking one, well within the
        // timeout: the rule is reported as not matching, not as timed out.
        var rules = OneRule(@"regex: ['^(a+)+$', '^(\w+\s?)*$', '(x+x+)+y']", "{ kind: informational, what: idea, topic: x }");
        var hostile = new string('a', 20_000) + "!" + string.Concat(Enumerable.Repeat("word ", 1_000)) + "!" + new string('x', 5_000);
        var clock = Stopwatch.StartNew();
        var outcome = rules.Classify(hostile);
        clock.Stop();
        outcome.Classification.RuleId.ShouldBe(RuleSet.FallbackRuleId);
        outcome.Reasons[0].ShouldBe("tried r (priority 100): no regex matched");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void A_pattern_that_needs_backtracking_is_stopped_by_the_timeout()
    {
        // A backreference forces the backtracking engine: the match timeout is what protects the classifier.
        var rules = Rules("""
            settings: { regex-timeout-ms: 50 }
            rules:
              - { id: slow, confidence: 0.5, regex: '^(\w+\s?)*\1$', output: { kind: informational, what: idea, topic: x } }
              - { id: next, confidence: 0.5, keywords: [hello], output: { kind: informational, what: answer, topic: y } }
            """);
        var hostile = string.Concat(Enumerable.Repeat("hello ", 40)) + "!";
        var clock = Stopwatch.StartNew();
        var outcome = rules.Classify(hostile);
        clock.Stop();
        outcome.Classification.RuleId.ShouldBe("next");
        outcome.Reasons[0].ShouldBe("tried slow (priority 100): regex /^(\\w+\\s?)*\\1$/ timed out after 50 ms and no other regex matched");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void A_linear_but_slow_pattern_is_stopped_by_the_timeout_too()
    {
        var rules = Rules("""
            settings: { regex-timeout-ms: 50 }
            rules:
              - { id: slow, confidence: 0.5, regex: '(\w+\s?){1,500}!', output: { kind: informational, what: idea, topic: x } }
            """);
        var clock = Stopwatch.StartNew();
        var outcome = rules.Classify(string.Concat(Enumerable.Repeat("ab", 16_000)));
        clock.Stop();
        outcome.Classification.RuleId.ShouldBe(RuleSet.FallbackRuleId);
        outcome.Reasons[0].ShouldBe("tried slow (priority 100): regex /(\\w+\\s?){1,500}!/ timed out after 50 ms and no other regex matched");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Only_the_configured_length_of_a_huge_message_is_read()
    {
        var rules = Rules("""
            settings: { max-text-length: 1000 }
            rules:
              - { id: r, confidence: 0.5, keywords: [needle], output: { kind: informational, what: idea, topic: x } }
            """);
        rules.Classify(new string('.', 999) + " needle").Classification.RuleId.ShouldBe(RuleSet.FallbackRuleId);
        var outcome = rules.Classify(new string('.', 900) + " needle" + new string('.', 5_000_000));
        outcome.Classification.RuleId.ShouldBe("r");
        outcome.Reasons[0].ShouldBe("only the first 1000 of the 5000907 characters of the text were read");
    }
}
