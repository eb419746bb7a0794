using Ledger.Domain.Common;
using Ledger.Projections.Analytics;

namespace Ledger.Projections.Tests.Analytics;

public class ConversionRatesTests
{
    private static readonly ConversionRates Rates = new ConversionRates("EUR")
        .Add("USD", new DateOnly(2026, 1, 1), 0.90m)
        .Add("usd ", new DateOnly(2026, 2, 1), 0.92m)
        .Add("GBP", new DateOnly(2026, 1, 15), 1.17m);

    [Theory]
    [InlineData(2026, 1, 1, 0.90)] // effective from its first day
    [InlineData(2026, 1, 31, 0.90)] // the latest rate on or before the date
    [InlineData(2026, 2, 1, 0.92)]
    [InlineData(2030, 6, 30, 0.92)]
    public void Uses_the_latest_rate_effective_on_or_before_the_date(int year, int month, int day, double expected) =>
        Rates.RateFor("USD", new DateOnly(year, month, day)).ShouldBe((decimal)expected);

    [Fact]
    public void The_reporting_currency_converts_at_one_without_any_rate()
    {
        Rates.RateFor("EUR", new DateOnly(1990, 1, 1)).ShouldBe(1m);
        Rates.Convert(new Money(12.345m, "EUR"), new DateOnly(2026, 3, 1)).ShouldBe(12.345m);
    }

    [Fact]
    public void Converts_without_rounding()
    {
        // 10.01 USD × 0.92 = 9.2092 EUR: rounding waits until the figure is reported.
        Rates.Convert(10.01m, "USD", new DateOnly(2026, 2, 10)).ShouldBe(9.2092m);
    }

    [Fact]
    public void A_date_before_the_first_rate_names_the_currency_and_the_date()
    {
        var error = Should.Throw<MissingConversionRateException>(() => Rates.Convert(100m, "GBP", new DateOnly(2026, 1, 14)));
        error.Currency.ShouldBe("GBP");
        error.On.ShouldBe(new DateOnly(2026, 1, 14));
        error.ReportingCurrency.ShouldBe("EUR");
        error.Message.ShouldBe("No GBP to EUR conversion rate is effective on or before 2026-01-14.");
        Rates.TryGetRate("GBP", new DateOnly(2026, 1, 14), out _).ShouldBeFalse();
    }

    [Fact]
    public void A_currency_without_rates_is_missing_too() =>
        Should.Throw<MissingConversionRateException>(() => Rates.RateFor("CHF", new DateOnly(2026, 1, 1))).Currency.ShouldBe("CHF");

    [Fact]
    public void Adding_returns_a_new_set_and_a_rate_for_the_same_date_replaces_it()
    {
        var corrected = Rates.Add("USD", new DateOnly(2026, 2, 1), 0.93m);
        corrected.RateFor("USD", new DateOnly(2026, 2, 1)).ShouldBe(0.93m);
        Rates.RateFor("USD", new DateOnly(2026, 2, 1)).ShouldBe(0.92m);
        corrected.Rates.Count.ShouldBe(3);
    }

    [Fact]
    public void Stored_rates_rebuild_the_same_set()
    {
        var rebuilt = ConversionRates.From("EUR", Rates.Rates);
        rebuilt.Rates.ShouldBe(Rates.Rates);
        Rates.Rates[0].ShouldBe(new ConversionRate("GBP", new DateOnly(2026, 1, 15), 1.17m));
    }

    [Fact]
    public void Rejects_unknown_currencies_non_positive_rates_and_a_rate_for_the_reporting_currency()
    {
        Should.Throw<ArgumentException>(() => new ConversionRates("EURO"));
        Should.Throw<ArgumentException>(() => Rates.Add("XXX", new DateOnly(2026, 1, 1), 1m));
        Should.Throw<ArgumentOutOfRangeException>(() => Rates.Add("USD", new DateOnly(2026, 1, 1), 0m));
        Should.Throw<ArgumentException>(() => Rates.Add("EUR", new DateOnly(2026, 1, 1), 1m));
    }
}
