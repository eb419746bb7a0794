using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ledger.Domain;
using Ledger.Domain.Interactions;
using Ledger.EventStore;
using Ledger.Projections.Analytics;
using Ledger.Projections.Pilots;
using Ledger.Projections.Reports;
using Ledger.Projections.Serialization;
using Ledger.Projections.Transactions;

namespace Ledger.Projections.Tests.Pilots;

/// <summary>
/// The pilot as it was before it was made fast, kept verbatim as the oracle of <see cref="PilotEquivalenceTests"/>:
/// every event read with <see cref="EventStore.EventStore.ReadAllAsync"/> in pages and decoded, folded in order on one
/// thread, then both sides' report sets computed one after the other.
/// </summary>
internal static class UnoptimisedPilot
{
    public static async Task<PilotResult> RunAsync(EventStore.EventStore store, Hypothesis hypothesis)
    {
        var folder = new TransactionFolder();
        await foreach (var e in store.ReadAllAsync(0, hypothesis.PinnedPosition, 10_000, CancellationToken.None))
            folder.Apply(e, EventSerializer.FromStored(e));
        var (model, rates) = await ReportSettings.LoadAsync(store, hypothesis.PinnedPosition, CancellationToken.None);
        return Compare(hypothesis, folder.ToReportData(hypothesis.PinnedPosition), model, rates);
    }

    public static PilotResult Compare(Hypothesis hypothesis, ReportData replay, ValuationModel model, ConversionRates rates)
    {
        var baseline = Figures(replay, model, rates, AttributionSettings.Default);
        var changed = Apply(hypothesis, replay, out var hypothetical);
        var hypothesisModel = hypothesis.Valuation ?? model;
        var hypothesisRates = string.Equals(hypothesisModel.ReportingCurrency, rates.ReportingCurrency, StringComparison.Ordinal)
            ? rates
            : throw new ArgumentException($"The hypothesis reports in {hypothesisModel.ReportingCurrency}; the recorded rates convert into {rates.ReportingCurrency}.");
        var underHypothesis = Figures(changed, hypothesisModel, hypothesisRates, hypothesis.Attribution ?? AttributionSettings.Default);

        var figures = baseline.Keys.Union(underHypothesis.Keys).Order(StringComparer.Ordinal).Select(key =>
        {
            decimal? b = baseline.TryGetValue(key, out var bv) ? bv : null;
            decimal? h = underHypothesis.TryGetValue(key, out var hv) ? hv : null;
            decimal? difference = b is not null && h is not null ? h - b : null;
            decimal? relative = b is { } bb && bb != 0 && difference is { } d ? RoundingPolicy.RoundRatio(d / bb) : null;
            return new FigureComparison(key, b, h, difference, relative);
        }).ToList();
        var hash = Hash(hypothesis, replay.AsOfPosition, figures, hypothetical);
        return new PilotResult(hypothesis.Name, replay.AsOfPosition, hypothesisModel.ReportingCurrency, figures, hypothetical, hash);
    }

    /// <summary>The report data with the hypothesis's filters and counterfactuals applied.</summary>
    private static ReportData Apply(Hypothesis hypothesis, ReportData data, out List<string> hypothetical)
    {
        var facts = data.Facts.Where(f => hypothesis.Only is null || Matches(hypothesis.Only, f.Fact))
            .Where(f => hypothesis.Drop is null || !Matches(hypothesis.Drop, f.Fact)).ToList();
        hypothetical = [];
        var index = 0;
        foreach (var added in hypothesis.Add ?? [])
        {
            var id = DeterministicId.From($"{hypothesis.Name}:hypothetical:{index++}");
            var effective = new EffectiveInteraction(Guid.Empty, id, added.SenderId, added.ReceiverIds, added.OccurredAt, "", new SourceRef("hypothesis", id.ToString()),
                added.Payload, new Classification(ClassificationSource.Manual), Reclassified: false);
            facts.Add(new FactInForce(data.AsOfPosition, id, TransactionFact.From(effective, added.InitiativeId, added.Channel, added.Department, added.CounterpartId)));
            hypothetical.Add(id.ToString());
        }
        var scales = (hypothesis.ScaleCosts ?? []).ToDictionary(s => s.InitiativeId, s => s.Factor);
        var costs = data.Costs.Select(c => scales.TryGetValue(c.InitiativeId, out var factor) ? c with { Amount = c.Amount * factor } : c).ToList();
        return data with { Facts = facts, Costs = costs };
    }

    private static bool Matches(TransactionFilter filter, TransactionFact fact) =>
        (filter.Channels is not { Count: > 0 } || filter.Channels.Contains(fact.Channel, StringComparer.OrdinalIgnoreCase))
        && (filter.Departments is not { Count: > 0 } || (fact.Department is not null && filter.Departments.Contains(fact.Department, StringComparer.OrdinalIgnoreCase)))
        && (filter.Initiatives is not { Count: > 0 } || (fact.InitiativeId is { } i && filter.Initiatives.Contains(i)))
        && (filter.Counterparts is not { Count: > 0 } || (fact.CounterpartId is { } c && filter.Counterparts.Contains(c)))
        && (filter.From is null || fact.OccurredAt >= filter.From)
        && (filter.To is null || fact.OccurredAt < filter.To);

    /// <summary>The report set flattened to named figures: ROI per initiative, outcomes by kind, attribution by initiative, connectivity.</summary>
    private static SortedDictionary<string, decimal> Figures(ReportData data, ValuationModel model, ConversionRates rates, AttributionSettings attribution)
    {
        var figures = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var roi in RoiByInitiative.Compute(data, model, rates))
        {
            var r = roi.Roi;
            var key = $"roi/{roi.Name}";
            figures[$"{key}/cost"] = r.Cost;
            figures[$"{key}/monetaryGain"] = r.MonetaryGain;
            figures[$"{key}/totalValue"] = r.TotalValue;
            if (r.MonetaryRoi is { } m) figures[$"{key}/monetaryRoi"] = m;
            if (r.TotalRoi is { } t) figures[$"{key}/totalRoi"] = t;
        }
        foreach (var row in OutcomeReport.Compute(data.Facts, model, rates, PeriodGranularity.Quarter, new HashSet<OutcomeDimension>()))
        {
            figures[$"outcomes/{row.Period}/{Name(row.Kind)}/count"] = row.Count;
            figures[$"outcomes/{row.Period}/{Name(row.Kind)}/value"] = row.Value;
        }
        var attributed = AttributionReport.Compute(data, rates, attribution.ToModel(), TimeSpan.FromDays(attribution.LookbackDays));
        var names = data.Initiatives.ToDictionary(i => i.InitiativeId, i => i.Name);
        foreach (var (initiative, amount) in attributed.ByInitiative)
            figures[$"attribution/{names.GetValueOrDefault(initiative, initiative.ToString())}"] = amount;
        figures["attribution/unattributed"] = attributed.Unattributed;
        figures["attribution/total"] = attributed.Total;
        figures["network/crossDepartmentConnectivity"] = RelationshipMap.Compute(data).CrossDepartmentConnectivity;
        return figures;
    }

    private static string Hash(Hypothesis hypothesis, long position, IReadOnlyList<FigureComparison> figures, IReadOnlyList<string> hypothetical)
    {
        var canonical = new StringBuilder();
        canonical.Append("ledger-pilot-v1\n").Append(JsonSerializer.Serialize(hypothesis, DomainJson.Options)).Append('\n')
            .Append(position.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var f in figures)
            canonical.Append(f.Figure).Append('=').Append(Text(f.Baseline)).Append(';').Append(Text(f.Hypothesis)).Append('\n');
        foreach (var h in hypothetical) canonical.Append("hypothetical=").Append(h).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));

        static string Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";
    }

    private static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
