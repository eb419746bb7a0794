using Ledger.Domain.Common;

namespace Ledger.Domain.Tests.Common;

public class CurrencyCodesTests
{
    [Theory]
    [InlineData("EUR")]
    [InlineData("USD")]
    [InlineData("JPY")]
    [InlineData("CHF")]
    [InlineData("XOF")]
    public void Knows_active_currencies(string code) => CurrencyCodes.IsKnown(code).ShouldBeTrue();

    [Theory]
    [InlineData("eur")]
    [InlineData("XXX")]
    [InlineData("XAU")]
    [InlineData("FRF")]
    [InlineData(null)]
    public void Refuses_lower_case_non_money_and_withdrawn_codes(string? code) => CurrencyCodes.IsKnown(code).ShouldBeFalse();

    [Fact]
    public void Normalises_before_lookup() => CurrencyCodes.Normalise(" eur ").ShouldBe("EUR");

    [Fact]
    public void Money_reports_both_amount_and_currency_errors() =>
        Money.Validate(-1m, "ZZZ", "cost.").Select(e => e.Field).ShouldBe(["cost.amount", "cost.currency"]);
}
