using System.Globalization;

namespace Ledger.Projections.Analytics;

/// <summary>
/// No rate converts <see cref="Currency"/> into <see cref="ReportingCurrency"/> on <see cref="On"/>: none of its
/// rates is effective on or before that date. Finance must record one; the analytics never guess.
/// </summary>
public sealed class MissingConversionRateException : Exception
{
    public MissingConversionRateException(string currency, DateOnly on, string reportingCurrency)
        : base($"No {currency} to {reportingCurrency} conversion rate is effective on or before {on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.")
    {
        Currency = currency;
        On = on;
        ReportingCurrency = reportingCurrency;
    }

    public MissingConversionRateException()
        : this("missing conversion rate")
    {
    }

    public MissingConversionRateException(string message)
        : base(message)
    {
        Currency = "";
        ReportingCurrency = "";
    }

    public MissingConversionRateException(string message, Exception innerException)
        : base(message, innerException)
    {
        Currency = "";
        ReportingCurrency = "";
    }

    /// <summary>The currency that has no rate.</summary>
    public string Currency { get; }

    /// <summary>The date a rate was needed for.</summary>
    public DateOnly On { get; }

    public string ReportingCurrency { get; }
}
