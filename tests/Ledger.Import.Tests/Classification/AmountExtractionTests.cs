using System.Globalization;
using Ledger.Domain.Interactions;
using Ledger.Import.Classification;
using static Ledger.Import.Tests.Classification.RuleTesting;

namespace Ledger.Import.Tests.Classification;

public class AmountExtractionTests
{
    private static readonly RuleSet Paid = OneRule("keywords: [paid]", "{ kind: monetary, direction: revenue }");

    private static MonetaryPayload Money(string text, RuleSet? rules = null)
    {
        var outcome = (rules ?? Paid).Classify(text);
        outcome.Classification.RuleId.ShouldBe("r", string.Join(" | ", outcome.Reasons));
        return outcome.Payload.ShouldBeOfType<MonetaryPayload>();
    }

    [Theory]
    [InlineData("paid the invoice of €1,250.00", "1250.00", "EUR")]
    [InlineData("paid USD 300", "300", "USD")]
    [InlineData("paid 300 USD", "300", "USD")]
    [InlineData("paid 300USD", "300", "USD")]
    [InlineData("paid EUR1,250.00", "1250.00", "EUR")]
    [InlineData("paid £99.99", "99.99", "GBP")]
    [InlineData("paid 1.250,00 €", "1250.00", "EUR")]
    [InlineData("paid 1.250.000,50 EUR", "1250000.50", "EUR")]
    [InlineData("paid 1,250,000 USD", "1250000", "USD")]
    [InlineData("paid $ 2,000", "2000", "USD")]
    [InlineData("paid $2,000.", "2000", "USD")]
    [InlineData("paid JPY 5000", "5000", "JPY")]
    [InlineData("paid ¥5000", "5000", "JPY")]
    [InlineData("paid 5000円", "5000", "JPY")]
    [InlineData("paid 12,5 EUR", "12.5", "EUR")]
    [InlineData("paid €0,99", "0.99", "EUR")]
    [InlineData("paid 1\u00A0250,50\u00A0€", "1250.50", "EUR")]
    [InlineData("paid 1\u202F250,50 €", "1250.50", "EUR")]
    [InlineData("paid 5 000 €", "5000", "EUR")]
    [InlineData("paid CHF 1'250.50", "1250.50", "CHF")]
    [InlineData("paid €1.5M", "1500000", "EUR")]
    [InlineData("paid $2k", "2000", "USD")]
    [InlineData("paid $3 million", "3000000", "USD")]
    [InlineData("paid 2.5bn EUR", "2500000000", "EUR")]
    [InlineData("paid US$ 40", "40", "USD")]
    [InlineData("paid C$40", "40", "CAD")]
    [InlineData("paid ₹1,500", "1500", "INR")]
    [InlineData("paid 100 zł", "100", "PLN")]
    [InlineData("paid KWD 1.250", "1.250", "KWD")]
    [InlineData("paid KWD 1,250.500", "1250.500", "KWD")]
    [InlineData("paid BHD 12.345", "12.345", "BHD")]
    public void Reads_the_amount_and_currency_of_every_supported_format(string text, string amount, string currency)
    {
        var money = Money(text);
        money.Amount.ShouldBe(decimal.Parse(amount, CultureInfo.InvariantCulture));
        money.Currency.ShouldBe(currency);
        money.Direction.ShouldBe(MoneyDirection.Revenue);
    }

    [Fact]
    public void Keeps_the_decimals_as_written()
    {
        Money("paid €1,250.00").Amount.ToString(CultureInfo.InvariantCulture).ShouldBe("1250.00");
        Money("paid 1.250,00 €").Amount.ToString(CultureInfo.InvariantCulture).ShouldBe("1250.00");
    }

    [Fact]
    public void Takes_the_first_amount_and_says_how_many_there_were()
    {
        var outcome = Paid.Classify("paid £20 of the £100 invoice");
        outcome.Payload.ShouldBe(new MonetaryPayload(20m, "GBP", MoneyDirection.Revenue));
        outcome.Reasons[^1].ShouldContain("(first of 2 amounts)");
    }

    [Fact]
    public void An_iso_code_wins_over_a_symbol_on_the_same_number() =>
        Money("paid $300 CAD").Currency.ShouldBe("CAD");

    [Fact]
    public void The_meaning_of_a_bare_dollar_sign_can_be_changed_in_the_settings()
    {
        var rules = Rules("""
            settings:
              symbols: { "$": cad, "R": ZAR }
            rules:
              - { id: r, confidence: 0.9, keywords: [paid], output: { kind: monetary, direction: revenue } }
            """);
        Money("paid $300", rules).Currency.ShouldBe("CAD");
        Money("paid US$300", rules).Currency.ShouldBe("USD");
        Money("paid R 150", rules).ShouldBe(new MonetaryPayload(150m, "ZAR", MoneyDirection.Revenue));
    }

    [Theory]
    [InlineData("paid all 300")]
    [InlineData("paid ALL 3 teams")]
    [InlineData("paid TOP 10 people")]
    [InlineData("paid v2.300 USD")]
    [InlineData("paid €")]
    [InlineData("paid 300")]
    [InlineData("paid €0")]
    [InlineData("paid ¥500.5")]
    [InlineData("paid €1.2345")]
    [InlineData("paid 1,2,3 EUR")]
    [InlineData("paid XYZ 300")]
    [InlineData("paid $5abc")]
    [InlineData("paid €99999999999999999")]
    public void Text_without_a_usable_amount_and_currency_does_not_fire_a_monetary_rule(string text)
    {
        var outcome = Paid.Classify(text);
        outcome.Classification.RuleId.ShouldBe(RuleSet.FallbackRuleId);
        outcome.Reasons.ShouldContain(r => r.StartsWith("tried r (priority 100): no", StringComparison.Ordinal));
    }

    [Fact]
    public void Explains_why_a_money_like_fragment_was_not_used()
    {
        var outcome = Paid.Classify("paid ¥500.5");
        outcome.Reasons.ShouldContain(r => r.Contains("'¥500.5' at 5: more decimals than JPY has (0)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_word_like_currency_code_is_still_read_after_a_number() =>
        Money("paid 300 TRY").ShouldBe(new MonetaryPayload(300m, "TRY", MoneyDirection.Revenue));

    [Fact]
    public void Finds_the_amount_in_the_subject_first()
    {
        var outcome = Paid.Classify("paid, see the total of €5", subject: "Invoice €1,250.00");
        outcome.Payload.ShouldBe(new MonetaryPayload(1250.00m, "EUR", MoneyDirection.Revenue));
        outcome.Reasons[^1].ShouldContain("amount '€1,250.00' in subject at 8 → 1250.00 EUR");
    }

    [Theory]
    [InlineData("refund*", "We refunded €40 yesterday", MoneyDirection.Cost)]
    [InlineData("discount", "a discount saved us 200 EUR", MoneyDirection.Saving)]
    [InlineData("invoice", "invoice: 99.99 GBP", MoneyDirection.Revenue)]
    public void The_direction_comes_from_the_rule(string keyword, string text, MoneyDirection direction) =>
        Money(text, OneRule($"keywords: ['{keyword}']", $"{{ kind: monetary, direction: {direction.ToString().ToLowerInvariant()} }}"))
            .Direction.ShouldBe(direction);
}
