using Ledger.Domain;
using Ledger.Domain.Interactions;
using Ledger.Projections.Serialization;

namespace Ledger.Projections.Analytics;

/// <summary>Which side of the ledger a valued transaction falls on.</summary>
public enum ValueEffect
{
    /// <summary>Revenue, saving, or positive money-equivalent value.</summary>
    Gain,

    /// <summary>A monetary cost, or negative money-equivalent value (a negative emotion, a negative rate).</summary>
    Cost,
}

/// <summary>
/// One transaction in money: <paramref name="Amount"/> is never negative, <paramref name="Effect"/> gives its
/// sign; unrounded, in <paramref name="Currency"/> (the reporting currency).
/// </summary>
/// <param name="Subtype">camelCase name of the direction, information kind, logistical status or emotional
/// signal: <c>revenue</c>, <c>cost</c>, <c>saving</c>, <c>answer</c>, <c>delivered</c>, <c>gratitude</c>…</param>
public sealed record ValuedTransaction(TransactionKind Kind, string Subtype, decimal Amount, string Currency, ValueEffect Effect)
{
    /// <summary><see cref="Amount"/> for a gain, its negation for a cost.</summary>
    public decimal SignedAmount => Effect == ValueEffect.Gain ? Amount : -Amount;
}

/// <summary>
/// Values transactions under a <see cref="ValuationModel"/>:
/// <list type="bullet">
/// <item>monetary: the amount converted at the rate of the transaction's date; revenue and saving are
/// <see cref="ValueEffect.Gain"/>, cost is <see cref="ValueEffect.Cost"/>;</item>
/// <item>informational: the model's value for the information kind, whoever sent it;</item>
/// <item>logistical: quantity × the model's rate for the unit and status;</item>
/// <item>emotional: rate × valence × intensity.</item>
/// </list>
/// A negative money-equivalent value is reported as its absolute amount with <see cref="ValueEffect.Cost"/>.
/// Nothing is rounded (see <see cref="RoundingPolicy"/>).
/// </summary>
public static class Valuation
{
    /// <summary>Values an effective interaction on <paramref name="on"/>, by default the UTC date it occurred.</summary>
    public static ValuedTransaction Value(EffectiveInteraction interaction, ValuationModel model, ConversionRates rates, DateOnly? on = null) =>
        Value(interaction.Payload, model, rates, on ?? Period.UtcDate(interaction.OccurredAt));

    /// <summary>Values a payload at the UTC date of <paramref name="at"/>.</summary>
    public static ValuedTransaction Value(TransactionPayload payload, ValuationModel model, ConversionRates rates, DateTimeOffset at) =>
        Value(payload, model, rates, Period.UtcDate(at));

    /// <summary>Values a payload; a monetary one is converted at the rate effective on <paramref name="on"/>.</summary>
    /// <exception cref="MissingConversionRateException">No rate for a monetary payload's currency on that date.</exception>
    /// <exception cref="ArgumentException">The model and the rates have different reporting currencies.</exception>
    public static ValuedTransaction Value(TransactionPayload payload, ValuationModel model, ConversionRates rates, DateOnly on)
    {
        if (!string.Equals(model.ReportingCurrency, rates.ReportingCurrency, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The valuation model reports in {model.ReportingCurrency} but the rates convert into {rates.ReportingCurrency}.", nameof(rates));
        }

        var currency = model.ReportingCurrency;
        return payload switch
        {
            MonetaryPayload m => new ValuedTransaction(
                TransactionKind.Monetary,
                WireName.Of(m.Direction),
                rates.Convert(m.Amount, m.Currency, on),
                currency,
                m.Direction == MoneyDirection.Cost ? ValueEffect.Cost : ValueEffect.Gain),
            InformationalPayload i => Signed(TransactionKind.Informational, WireName.Of(i.What), model.Informational.GetValueOrDefault(i.What), currency),
            LogisticalPayload l => Signed(TransactionKind.Logistical, WireName.Of(l.Status), l.Quantity * model.Logistical.RateFor(l.Unit, l.Status), currency),
            EmotionalPayload e => Signed(TransactionKind.Emotional, WireName.Of(e.Signal), model.Emotional.RateFor(e.Signal) * e.Valence * e.Intensity, currency),
            _ => throw new ArgumentOutOfRangeException(nameof(payload), payload?.GetType().Name, "Unknown payload."),
        };
    }

    private static ValuedTransaction Signed(TransactionKind kind, string subtype, decimal value, string currency) =>
        new(kind, subtype, Math.Abs(value), currency, value < 0 ? ValueEffect.Cost : ValueEffect.Gain);
}
