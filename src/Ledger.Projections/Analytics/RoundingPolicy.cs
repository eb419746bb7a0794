using System.Collections.Frozen;
using Ledger.Domain.Common;

namespace Ledger.Projections.Analytics;

/// <summary>
/// The one rounding policy of the analytics functions.
/// <list type="number">
/// <item>Amounts are kept at full <see cref="decimal"/> precision while they are computed: conversions
/// (<see cref="ConversionRates.Convert(decimal, string, DateOnly)"/>), valuations
/// (<see cref="Valuation"/>) and every running sum are never rounded.</item>
/// <item>An amount is rounded once, when it becomes a reported figure: each total, subtotal and curve point of
/// <see cref="RoiReport"/>, and the outcome amount that <see cref="Attribution"/> splits. It is rounded to the
/// currency's minor unit (<see cref="MinorUnits"/>: 2 decimals, 0 for JPY, KRW…, 3 for BHD, KWD…) with
/// <see cref="MidpointRounding.ToEven"/> (banker's rounding: 0.125 → 0.12, 0.135 → 0.14).</item>
/// <item>A reported figure is rounded from the unrounded sum, never summed from rounded parts, so a total can
/// differ by a minor unit from the sum of its displayed parts. The exception is attribution, whose shares must
/// add up exactly: it uses the largest-remainder method of <see cref="Allocation"/>.</item>
/// <item>Ratios (ROI) are computed from unrounded sums and rounded to <see cref="RatioDecimals"/> decimals
/// (0.0001 = 0.01 %), with the same midpoint rule.</item>
/// </list>
/// </summary>
public static class RoundingPolicy
{
    /// <summary>The midpoint rule of every rounding: to even (banker's rounding).</summary>
    public const MidpointRounding Mode = MidpointRounding.ToEven;

    /// <summary>Decimals kept in a reported ratio such as ROI (4: 1.2345 = 123.45 %).</summary>
    public const int RatioDecimals = 4;

    /// <summary>Decimals of a currency when it has no entry in the table: 2.</summary>
    public const int DefaultMinorUnits = CurrencyCodes.DefaultMinorUnits;

    /// <summary>Decimals of the currency's minor unit (EUR 2, JPY 0, KWD 3); 2 when not in the table.</summary>
    public static int MinorUnits(string currency) => CurrencyCodes.MinorUnits(currency);

    /// <summary>The smallest amount of the currency: 0.01 for EUR, 1 for JPY, 0.001 for KWD.</summary>
    public static decimal MinorUnit(string currency) => MinorUnits(currency) switch
    {
        0 => 1m,
        1 => 0.1m,
        2 => 0.01m,
        3 => 0.001m,
        _ => 0.0001m,
    };

    /// <summary>Rounds a reported amount to the currency's minor unit, midpoint to even.</summary>
    public static decimal Round(decimal amount, string currency) => Math.Round(amount, MinorUnits(currency), Mode);

    /// <summary>Rounds a reported ratio to <see cref="RatioDecimals"/> decimals, midpoint to even.</summary>
    public static decimal RoundRatio(decimal ratio) => Math.Round(ratio, RatioDecimals, Mode);

    /// <summary>
    /// Truncates a non-negative amount down to a whole number of minor units (14.2857 → 14.28). Used only by
    /// <see cref="Allocation.LargestRemainder"/>.
    /// </summary>
    public static decimal FloorToMinorUnit(decimal amount, string currency)
    {
        var unit = MinorUnit(currency);
        return decimal.Floor(amount / unit) * unit;
    }
}
