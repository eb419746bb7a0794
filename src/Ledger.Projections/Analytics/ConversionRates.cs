using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using Ledger.Domain.Common;

namespace Ledger.Projections.Analytics;

/// <summary>One dated rate: 1 unit of <paramref name="Currency"/> is worth <paramref name="RateToReporting"/>
/// units of the reporting currency from <paramref name="EffectiveFrom"/> (inclusive) until the next rate.</summary>
public sealed record ConversionRate(string Currency, DateOnly EffectiveFrom, decimal RateToReporting);

/// <summary>
/// Dated conversion rates into one reporting currency. Immutable: <see cref="Add"/> returns a new set, so a
/// projection can keep the rates as of any point in time. The rate for a date is the latest one effective on or
/// before it; the reporting currency itself always converts at 1. Conversions are not rounded
/// (see <see cref="RoundingPolicy"/>).
/// </summary>
public sealed class ConversionRates
{
    private readonly ImmutableDictionary<string, ImmutableArray<DatedRate>> _byCurrency;

    public ConversionRates(string reportingCurrency)
        : this(Known(reportingCurrency, nameof(reportingCurrency)), ImmutableDictionary<string, ImmutableArray<DatedRate>>.Empty)
    {
    }

    private ConversionRates(string reportingCurrency, ImmutableDictionary<string, ImmutableArray<DatedRate>> byCurrency)
    {
        ReportingCurrency = reportingCurrency;
        _byCurrency = byCurrency;
    }

    /// <summary>The ISO 4217 code every rate converts into.</summary>
    public string ReportingCurrency { get; }

    /// <summary>Every rate, by currency then date: the shape to store or serialize.</summary>
    public IReadOnlyList<ConversionRate> Rates =>
    [
        .. _byCurrency.OrderBy(c => c.Key, StringComparer.Ordinal)
            .SelectMany(c => c.Value.Select(r => new ConversionRate(c.Key, r.EffectiveFrom, r.Rate))),
    ];

    /// <summary>Builds a set from stored rates, applied in order (a later rate for the same date replaces it).</summary>
    public static ConversionRates From(string reportingCurrency, IEnumerable<ConversionRate> rates) =>
        rates.Aggregate(new ConversionRates(reportingCurrency), (set, r) => set.Add(r.Currency, r.EffectiveFrom, r.RateToReporting));

    /// <summary>
    /// A new set with one more rate. A rate for a currency and date already present replaces it (a correction).
    /// The currency is normalised (" usd" → "USD") and must be an active ISO 4217 code other than the reporting
    /// currency; the rate must be positive.
    /// </summary>
    [Pure]
    public ConversionRates Add(string currency, DateOnly effectiveFrom, decimal rateToReporting)
    {
        var code = Known(currency, nameof(currency));
        if (code == ReportingCurrency)
            throw new ArgumentException($"{code} is the reporting currency; it always converts at 1.", nameof(currency));
        if (rateToReporting <= 0)
            throw new ArgumentOutOfRangeException(nameof(rateToReporting), rateToReporting, "A conversion rate must be positive.");
        var dates = _byCurrency.TryGetValue(code, out var existing) ? existing : [];
        var index = Search(dates, effectiveFrom);
        var rate = new DatedRate(effectiveFrom, rateToReporting);
        dates = index >= 0 ? dates.SetItem(index, rate) : dates.Insert(~index, rate);
        return new ConversionRates(ReportingCurrency, _byCurrency.SetItem(code, dates));
    }

    /// <summary>The rate effective on <paramref name="on"/>: the latest on or before it; 1 for the reporting currency.</summary>
    public bool TryGetRate(string currency, DateOnly on, out decimal rate)
    {
        var code = CurrencyCodes.Normalise(currency);
        rate = 0m;
        if (code == ReportingCurrency)
        {
            rate = 1m;
            return true;
        }

        if (!_byCurrency.TryGetValue(code, out var dates))
            return false;
        // Exact date, or the one before the first later date (~index is where `on` would be inserted).
        var index = Search(dates, on);
        if (index < 0)
            index = ~index - 1;
        if (index < 0)
            return false;
        rate = dates[index].Rate;
        return true;
    }

    /// <summary>Like <see cref="TryGetRate"/>, but a missing rate throws <see cref="MissingConversionRateException"/>.</summary>
    public decimal RateFor(string currency, DateOnly on) =>
        TryGetRate(currency, on, out var rate)
            ? rate
            : throw new MissingConversionRateException(CurrencyCodes.Normalise(currency), on, ReportingCurrency);

    /// <summary>The amount in the reporting currency at the rate of <paramref name="on"/>, unrounded.</summary>
    public decimal Convert(decimal amount, string currency, DateOnly on) => amount * RateFor(currency, on);

    /// <inheritdoc cref="Convert(decimal, string, DateOnly)"/>
    public decimal Convert(Money money, DateOnly on) => Convert(money.Amount, money.Currency, on);

    private static int Search(ImmutableArray<DatedRate> dates, DateOnly on)
    {
        int low = 0, high = dates.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var comparison = dates[middle].EffectiveFrom.CompareTo(on);
            if (comparison == 0)
                return middle;
            if (comparison < 0)
                low = middle + 1;
            else
                high = middle - 1;
        }

        return ~low;
    }

    private static string Known(string currency, string parameter)
    {
        var code = CurrencyCodes.Normalise(currency);
        return CurrencyCodes.IsKnown(code)
            ? code
            : throw new ArgumentException($"'{currency}' is not an active ISO 4217 currency code.", parameter);
    }

    private readonly record struct DatedRate(DateOnly EffectiveFrom, decimal Rate);
}
