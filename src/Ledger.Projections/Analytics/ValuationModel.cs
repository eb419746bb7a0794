using System.Collections.Frozen;
using Ledger.Domain.Common;
using Ledger.Domain.Interactions;

namespace Ledger.Projections.Analytics;

/// <summary>
/// How finance turns non-monetary transactions into money-equivalent value, in <see cref="ReportingCurrency"/>.
/// A plain record so that it can be recorded as an event and serialized with System.Text.Json; every change is a
/// new <see cref="Version"/>. Monetary transactions are not configurable: revenue and saving are gains, cost is a
/// cost, each converted into the reporting currency at the rate of its date.
/// Note: record equality compares the dictionaries by reference; compare serialized forms instead.
/// </summary>
/// <param name="Version">Set by finance; increases with every change.</param>
/// <param name="ReportingCurrency">ISO 4217 code of every valuation and of the reports.</param>
/// <param name="Informational">Value of one informational transaction by what it moved; a missing kind is worth 0.</param>
/// <param name="Emotional">Rates of emotional transactions.</param>
/// <param name="Logistical">Rates of logistical transactions.</param>
public sealed record ValuationModel(
    int Version,
    string ReportingCurrency,
    IReadOnlyDictionary<InformationKind, decimal> Informational,
    EmotionalValuation Emotional,
    LogisticalValuation Logistical)
{
    /// <summary>
    /// Version 1, in EUR. Informational: answer 40 (support cost avoided), referral 150, document 25, idea 60,
    /// feedback 15. Emotional: 10 per unit of valence × intensity (gratitude at valence 0.8 and intensity 4 is
    /// worth 32; a complaint at −1 and 5 is −50). Logistical: 5 per unit delivered; promised, shipped and
    /// returned are worth 0 (value is counted once, on delivery).
    /// </summary>
    public static ValuationModel Default { get; } = new(
        1,
        "EUR",
        new Dictionary<InformationKind, decimal>
        {
            [InformationKind.Answer] = 40m,
            [InformationKind.Referral] = 150m,
            [InformationKind.Document] = 25m,
            [InformationKind.Idea] = 60m,
            [InformationKind.Feedback] = 15m,
        }.ToFrozenDictionary(),
        new EmotionalValuation(10m),
        new LogisticalValuation(new Dictionary<LogisticalStatus, decimal>
        {
            [LogisticalStatus.Promised] = 0m,
            [LogisticalStatus.Shipped] = 0m,
            [LogisticalStatus.Delivered] = 5m,
            [LogisticalStatus.Returned] = 0m,
        }.ToFrozenDictionary()));

    /// <summary>Field errors of a model finance submits: a version ≥ 1 and an active ISO 4217 reporting currency.</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (Version < 1)
            errors.Add(new FieldError("version", "invalid_version", "The version must be at least 1."));
        if (!CurrencyCodes.IsKnown(ReportingCurrency))
            errors.Add(new FieldError("reportingCurrency", "unknown_currency", $"'{ReportingCurrency}' is not an active upper-case ISO 4217 code."));
        if (Informational is null || Emotional is null || Logistical?.RatePerUnit is null)
            errors.Add(new FieldError("", "required", "Informational, emotional and logistical rates are required."));
        return errors;
    }
}

/// <summary>
/// Emotional value = rate × valence × intensity, so negative signals destroy value. The rate is
/// <paramref name="RatePerUnit"/> unless <paramref name="RatePerUnitBySignal"/> has one for the signal.
/// </summary>
public sealed record EmotionalValuation(
    decimal RatePerUnit,
    IReadOnlyDictionary<EmotionalSignal, decimal>? RatePerUnitBySignal = null)
{
    public decimal RateFor(EmotionalSignal signal) =>
        RatePerUnitBySignal is not null && RatePerUnitBySignal.TryGetValue(signal, out var rate) ? rate : RatePerUnit;
}

/// <summary>
/// Logistical value = quantity × rate. The rate is the first entry of <paramref name="ByUnit"/> with the
/// payload's unit (trimmed, case-insensitive) and status, else <paramref name="RatePerUnit"/> for the status,
/// else 0.
/// </summary>
public sealed record LogisticalValuation(
    IReadOnlyDictionary<LogisticalStatus, decimal> RatePerUnit,
    IReadOnlyList<LogisticalUnitRate>? ByUnit = null)
{
    public decimal RateFor(string unit, LogisticalStatus status)
    {
        var trimmed = (unit ?? "").Trim();
        foreach (var entry in ByUnit ?? [])
        {
            if (entry.Status == status && string.Equals(entry.Unit.Trim(), trimmed, StringComparison.OrdinalIgnoreCase))
                return entry.RatePerUnit;
        }

        return RatePerUnit.TryGetValue(status, out var rate) ? rate : 0m;
    }
}

/// <summary>A rate for one unit name (e.g. "pallet") at one status, overriding the per-status rate.</summary>
public sealed record LogisticalUnitRate(string Unit, LogisticalStatus Status, decimal RatePerUnit);
