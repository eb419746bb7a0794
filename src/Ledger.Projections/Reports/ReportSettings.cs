using System.Text.Json;
using Ledger.EventStore;
using Ledger.Projections.Analytics;
using Ledger.Projections.Serialization;

namespace Ledger.Projections.Reports;

/// <summary>
/// Finance's valuation models and currency rates are events too (streams <c>settings-valuation-model</c> and
/// <c>settings-conversion-rates</c>), so a report as of position P uses the model and rates in force at P, and a
/// change of model is itself on the record. With no model set, <see cref="ValuationModel.Default"/> applies.
/// </summary>
public static class ReportSettings
{
    public const string ModelStream = "settings-valuation-model";
    public const string RatesStream = "settings-conversion-rates";
    public const string ModelSetType = "valuation-model-set";
    public const string RateSetType = "conversion-rate-set";

    public static async Task<(ValuationModel Model, ConversionRates Rates)> LoadAsync(EventStore.EventStore store, long? asOfPosition, CancellationToken cancellationToken)
    {
        var model = ValuationModel.Default;
        await foreach (var e in store.ReadStreamAsync(ModelStream, long.MaxValue, ReadDirection.Backwards, 1, asOfPosition, cancellationToken))
            model = JsonSerializer.Deserialize<ValuationModel>(e.Data, DomainJson.Options)!;
        var rates = new ConversionRates(model.ReportingCurrency);
        await foreach (var e in store.ReadStreamAsync(RatesStream, asOfPosition: asOfPosition, cancellationToken: cancellationToken))
        {
            var rate = JsonSerializer.Deserialize<ConversionRate>(e.Data, DomainJson.Options)!;
            // Rates convert into the reporting currency in force; the reporting currency itself needs none.
            if (!string.Equals(rate.Currency, model.ReportingCurrency, StringComparison.Ordinal))
                rates = rates.Add(rate.Currency, rate.EffectiveFrom, rate.RateToReporting);
        }
        return (model, rates);
    }

    /// <summary>
    /// SQL giving the position of the last settings event at or before $1 (0 if none): the model and rates in force
    /// at two positions are the same when this is the same for both.
    /// </summary>
    internal static string LastChangeSql(EventStore.EventStore store) =>
        $"SELECT coalesce(max(position), 0) FROM {store.Options.Schema}.events WHERE stream_id IN ('{ModelStream}', '{RatesStream}') AND position <= $1";

    public static EventData ModelSet(ValuationModel model, Guid eventId, EventMetadata metadata) =>
        new(eventId, ModelSetType, JsonSerializer.SerializeToUtf8Bytes(model, DomainJson.Options), metadata);

    public static EventData RateSet(ConversionRate rate, Guid eventId, EventMetadata metadata) =>
        new(eventId, RateSetType, JsonSerializer.SerializeToUtf8Bytes(rate, DomainJson.Options), metadata);
}
