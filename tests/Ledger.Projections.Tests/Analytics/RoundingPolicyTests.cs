using Ledger.Projections.Analytics;

namespace Ledger.Projections.Tests.Analytics;

public class RoundingPolicyTests
{
    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("usd", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("KWD", 3)]
    [InlineData("CLF", 4)]
    public void Minor_units_come_from_the_iso_table(string currency, int units) =>
        RoundingPolicy.MinorUnits(currency).ShouldBe(units);

    [Theory]
    [InlineData("0.125", "EUR", "0.12")] // midpoint, 2 is even
    [InlineData("0.135", "EUR", "0.14")] // midpoint, 4 is even
    [InlineData("0.1251", "EUR", "0.13")] // not a midpoint
    [InlineData("2.5", "JPY", "2")]
    [InlineData("3.5", "JPY", "4")]
    [InlineData("1.0005", "KWD", "1.000")]
    public void Rounds_to_the_minor_unit_with_midpoints_to_even(string amount, string currency, string expected) =>
        RoundingPolicy.Round(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency)
            .ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Ratios_keep_four_decimals_with_midpoints_to_even()
    {
        RoundingPolicy.RoundRatio(0.12345m).ShouldBe(0.1234m);
        RoundingPolicy.RoundRatio(0.12355m).ShouldBe(0.1236m);
        RoundingPolicy.RoundRatio(-150m / 1550m).ShouldBe(-0.0968m);
    }

    [Fact]
    public void Floor_truncates_to_whole_minor_units()
    {
        RoundingPolicy.FloorToMinorUnit(14.2857m, "EUR").ShouldBe(14.28m);
        RoundingPolicy.FloorToMinorUnit(1428.9m, "JPY").ShouldBe(1428m);
    }
}
