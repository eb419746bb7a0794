using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Ledger.Import.Classification;
using static Ledger.Import.Tests.Classification.RuleTesting;

namespace Ledger.Import.Tests.Classification;

public class KeywordRuleTests
{
    private static RuleSet Keywords(string keywords, string? exclude = null) =>
        OneRule($"keywords: {keywords}" + (exclude is null ? "" : $"\n    exclude: {exclude}"),
            "{ kind: informational, what: document, topic: doc }");

    private static bool Fires(RuleSet rules, string text, string? subject = null) =>
        rules.Classify(text, subject: subject).Classification.RuleId == "r";

    [Theory]
    [InlineData("Please see the INVOICE below")]
    [InlineData("invoice")]
    [InlineData("the Invoice, as agreed.")]
    [InlineData("(invoice)")]
    public void Matches_a_keyword_whatever_its_case_and_surrounding_punctuation(string text) =>
        Fires(Keywords("[invoice]"), text).ShouldBeTrue();

    [Theory]
    [InlineData("the invoices are late")]
    [InlineData("we reinvoice monthly")]
    [InlineData("invoice_2024.pdf")]
    public void Does_not_match_a_keyword_inside_a_longer_word(string text) =>
        Fires(Keywords("[invoice]"), text).ShouldBeFalse();

    [Theory]
    [InlineData("the invoices are late", true)]
    [InlineData("invoiced yesterday", true)]
    [InlineData("we reinvoice monthly", false)]
    public void A_trailing_star_matches_any_word_ending(string text, bool fires) =>
        Fires(Keywords("['invoice*']"), text).ShouldBe(fires);

    [Fact]
    public void A_phrase_matches_across_any_whitespace_but_not_across_words()
    {
        var rules = Keywords("[thank you]");
        Fires(rules, "Thank\n   you!").ShouldBeTrue();
        Fires(rules, "thank all of you").ShouldBeFalse();
    }

    [Fact]
    public void Any_keyword_of_the_list_is_enough_and_the_first_in_the_text_is_reported()
    {
        var outcome = Keywords("[contract, invoice]").Classify("Invoice first, contract second");
        outcome.Classification.RuleId.ShouldBe("r");
        outcome.Reasons.ShouldContain(r => r.Contains("keyword 'invoice' at 0", StringComparison.Ordinal));
    }

    [Fact]
    public void An_excluding_keyword_vetoes_the_rule()
    {
        var rules = Keywords("[refund]", exclude: "[no refund]");
        Fires(rules, "We will refund you").ShouldBeTrue();
        var vetoed = rules.Classify("There will be no refund");
        vetoed.Classification.RuleId.ShouldBe(RuleSet.FallbackRuleId);
        vetoed.Reasons.ShouldContain(r => r.Contains("excluded by 'no refund'", StringComparison.Ordinal));
    }

    [Fact]
    public void Looks_in_the_subject_too_and_says_so()
    {
        var outcome = Keywords("[invoice]").Classify("see attachment", subject: "Invoice 17");
        outcome.Classification.RuleId.ShouldBe("r");
        outcome.Reasons.ShouldContain(r => r.Contains("keyword 'invoice' in subject at 0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Rückerstattung", "IHRE RÜCKERSTATTUNG IST DA", true)]
    [InlineData("émise", "Facture ÉMISE hier", true)]
    [InlineData("livré", "colis livré.", true)]
    [InlineData("livré", "commandes livrées", false)]
    [InlineData("rechnung", "die Rechnungsnummer fehlt", false)]
    [InlineData("ñandú", "un Ñandú corre", true)]
    public void Keywords_with_accents_fold_case_and_keep_word_boundaries(string keyword, string text, bool fires) =>
        Fires(Keywords($"['{keyword}']"), text).ShouldBe(fires);

    [Theory]
    [InlineData("請求書", "請求書を送ります")]
    [InlineData("発送", "本日商品を発送しました")]
    [InlineData("发票", "我们已经收到发票了")]
    [InlineData("송장", "송장을 보냈습니다")]
    public void Keywords_in_scripts_without_spaces_match_inside_a_run_of_text(string keyword, string text) =>
        Fires(Keywords($"['{keyword}']"), text).ShouldBeTrue();

    [Theory]
    [InlineData("فاتورة", "أرسلت فاتورة اليوم", true)]
    [InlineData("فاتورة", "أرسلت الفاتورة اليوم", false)]
    [InlineData("חשבונית", "\u200Fשלחתי חשבונית אתמול", true)]
    public void Keywords_in_right_to_left_scripts_match_whole_words(string keyword, string text, bool fires) =>
        Fires(Keywords($"['{keyword}']"), text).ShouldBe(fires);

    [Fact]
    public void An_emoji_keyword_matches_with_or_without_its_variation_selector_and_skin_tone()
    {
        var rules = Keywords("['❤️', '👍']");
        Fires(rules, "❤ it").ShouldBeTrue();
        Fires(rules, "love it❤️").ShouldBeTrue();
        Fires(rules, "ok 👍🏽").ShouldBeTrue();
        Fires(rules, "ok 👎").ShouldBeFalse();
    }

    [Fact]
    public void A_rule_limited_to_channels_is_skipped_on_other_channels()
    {
        var rules = OneRule("keywords: [invoice]\n    channels: [email, social-network]", "{ kind: informational, what: document, topic: doc }");
        rules.Classify("invoice", Channel.SocialNetwork).Classification.RuleId.ShouldBe("r");
        var chat = rules.Classify("invoice", Channel.Chat);
        chat.Classification.RuleId.ShouldBe(RuleSet.FallbackRuleId);
        chat.Reasons.ShouldContain(r => r.Contains("channel chat is not one of", StringComparison.Ordinal));
    }

    [Fact]
    public void The_topic_is_the_rule_label_never_the_message_text()
    {
        var outcome = Keywords("[invoice]").Classify("invoice for the secret project Falcon");
        outcome.Payload.ShouldBe(new InformationalPayload(InformationKind.Document, "doc"));
    }
}
