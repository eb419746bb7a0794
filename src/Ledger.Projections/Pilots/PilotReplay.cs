using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ledger.Domain;
using Ledger.Domain.Interactions;
using Ledger.Projections.Analytics;
using Ledger.Projections.Reports;
using Ledger.Projections.Serialization;
using Ledger.Projections.Transactions;

namespace Ledger.Projections.Pilots;

/// <summary>One figure of the report set, in the baseline and under the hypothesis.</summary>
public sealed record FigureComparison(string Figure, decimal? Baseline, decimal? Hypothesis, decimal? Difference, decimal? RelativeChange);

/// <summary>The full comparison; <see cref="ResultHash"/> is the SHA-256 of its canonical form (same input → same hash).</summary>
public sealed record PilotResult(
    string Hypothesis, long PinnedPosition, string Currency, IReadOnlyList<FigureComparison> Figures,
    IReadOnlyList<string> HypotheticalTransactions, string ResultHash);

/// <summary>
/// Compares a hypothesis with the baseline at the same pinned position. Pure: it takes the replayed
/// <see cref="ReportData"/> (from <see cref="TransactionFolder"/>, the production fold) and the settings in force, applies
/// the hypothesis, and runs the same report functions on both sides. Nothing here reads a clock or a random source,
/// so the result and its hash are reproducible anywhere.
/// </summary>
/// <remarks>
/// The report set is four reports per side, each a pure function of its inputs. They run as separate pieces of work on
/// the run's workers (the longest first), and a hypothesis that leaves a report's inputs as they are reuses the
/// baseline's figures for it instead of computing the same report again. The figures, their order and the hash are
/// what computing everything in order gives, and so is the error when one fails: the first failure in that order.
/// </remarks>
public static class PilotReplay
{
    private delegate IEnumerable<KeyValuePair<string, decimal>> Report();

    /// <summary>The reports in the order their figures are assembled (and their errors reported).</summary>
    private enum Part
    {
        Roi,
        Outcomes,
        Attribution,
        Network,
    }

    /// <summary>Longest first, so that two workers finish together.</summary>
    private static readonly Part[] Schedule = [Part.Attribution, Part.Network, Part.Outcomes, Part.Roi];

    public static async Task<PilotResult> CompareAsync(
        Hypothesis hypothesis, ReportData replay, ValuationModel model, ConversionRates rates, PilotRunOptions options, CancellationToken cancellationToken)
    {
        using var pacer = new PilotPacer(null, options);
        return await CompareAsync(hypothesis, replay, model, rates, options, pacer, cancellationToken);
    }

    internal static async Task<PilotResult> CompareAsync(
        Hypothesis hypothesis, ReportData replay, ValuationModel model, ConversionRates rates, PilotRunOptions options, PilotPacer pacer, CancellationToken cancellationToken)
    {
        using var workers = new PilotWorkers(options);
        Task<IEnumerable<KeyValuePair<string, decimal>>> Run(Report report) => workers.RunAsync(() =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            pacer.Pace();
            return report();
        });

        var baselineReports = Reports(replay with { Facts = new PacedFacts(replay.Facts, pacer) }, model, rates, AttributionSettings.Default);
        var baseline = new Dictionary<Part, Task<IEnumerable<KeyValuePair<string, decimal>>>>();
        var underHypothesis = new Dictionary<Part, Task<IEnumerable<KeyValuePair<string, decimal>>>>();
        var side = await workers.RunAsync(() => Prepare(hypothesis, replay, model, rates));
        var hypothesisReports = side.Data is null ? null : Reports(side.Data with { Facts = new PacedFacts(side.Data.Facts, pacer) }, side.Model, rates, hypothesis.Attribution ?? AttributionSettings.Default);
        foreach (var part in Schedule)
        {
            baseline[part] = Run(baselineReports[part]);
            if (hypothesisReports is not null && !side.Unchanged.Contains(part)) underHypothesis[part] = Run(hypothesisReports[part]);
        }
        foreach (var part in Schedule.Where(side.Unchanged.Contains)) underHypothesis[part] = baseline[part];
        try
        {
            await Task.WhenAll(baseline.Values.Concat(underHypothesis.Values));
        }
        catch (Exception)
        {
            // Reported below, in the order a sequential computation would have met them.
        }

        var baselineFigures = Assemble(baseline);
        side.Refused?.Throw();
        var hypothesisFigures = Assemble(underHypothesis);
        var figures = baselineFigures.Keys.Union(hypothesisFigures.Keys).Order(StringComparer.Ordinal).Select(key =>
        {
            decimal? b = baselineFigures.TryGetValue(key, out var bv) ? bv : null;
            decimal? h = hypothesisFigures.TryGetValue(key, out var hv) ? hv : null;
            decimal? difference = b is not null && h is not null ? h - b : null;
            decimal? relative = b is { } bb && bb != 0 && difference is { } d ? RoundingPolicy.RoundRatio(d / bb) : null;
            return new FigureComparison(key, b, h, difference, relative);
        }).ToList();
        var hash = Hash(hypothesis, replay.AsOfPosition, figures, side.Hypothetical);
        return new PilotResult(hypothesis.Name, replay.AsOfPosition, side.Model.ReportingCurrency, figures, side.Hypothetical, hash);
    }

    /// <summary>
    /// The hypothesis's side: its data, model and hypothetical transactions, which reports it leaves as they are, or the
    /// error that refuses it (raised only once the baseline is known to compute, as a sequential comparison would).
    /// </summary>
    private sealed record HypothesisSide(
        ReportData? Data, ValuationModel Model, List<string> Hypothetical, IReadOnlySet<Part> Unchanged, ExceptionDispatchInfo? Refused);

    private static HypothesisSide Prepare(Hypothesis hypothesis, ReportData replay, ValuationModel model, ConversionRates rates)
    {
        var hypothesisModel = hypothesis.Valuation ?? model;
        try
        {
            var changed = Apply(hypothesis, replay, out var hypothetical);
            if (!string.Equals(hypothesisModel.ReportingCurrency, rates.ReportingCurrency, StringComparison.Ordinal))
                throw new ArgumentException($"The hypothesis reports in {hypothesisModel.ReportingCurrency}; the recorded rates convert into {rates.ReportingCurrency}.");
            // Conservative: only what the hypothesis does not mention at all is known to give the baseline's figures.
            var sameFacts = hypothesis.Only is null && hypothesis.Drop is null && hypothesis.Add is not { Count: > 0 };
            var sameModel = hypothesis.Valuation is null;
            var unchanged = new HashSet<Part>();
            if (sameFacts && sameModel && hypothesis.ScaleCosts is not { Count: > 0 }) unchanged.Add(Part.Roi);
            if (sameFacts && sameModel) unchanged.Add(Part.Outcomes);
            if (sameFacts && (hypothesis.Attribution ?? AttributionSettings.Default) == AttributionSettings.Default) unchanged.Add(Part.Attribution);
            if (sameFacts) unchanged.Add(Part.Network);
            return new HypothesisSide(changed, hypothesisModel, hypothetical, unchanged, null);
        }
        catch (Exception ex)
        {
            // Kept, not thrown: the baseline's own error, if any, comes first.
            return new HypothesisSide(null, hypothesisModel, [], new HashSet<Part>(), ExceptionDispatchInfo.Capture(ex));
        }
    }

    /// <summary>The figures of the four reports, assembled in report order; the first report that failed throws here.</summary>
    private static SortedDictionary<string, decimal> Assemble(Dictionary<Part, Task<IEnumerable<KeyValuePair<string, decimal>>>> reports)
    {
        var figures = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var part in Enum.GetValues<Part>())
        {
            foreach (var (key, value) in reports[part].GetAwaiter().GetResult()) figures[key] = value;
        }
        return figures;
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
            var id = EventStore.DeterministicId.From($"{hypothesis.Name}:hypothetical:{index++}");
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
    private static Dictionary<Part, Report> Reports(ReportData data, ValuationModel model, ConversionRates rates, AttributionSettings attribution) => new()
    {
        [Part.Roi] = () => RoiFigures(data, model, rates),
        [Part.Outcomes] = () => OutcomeFigures(data, model, rates),
        [Part.Attribution] = () => AttributionFigures(data, rates, attribution),
        [Part.Network] = () => [new("network/crossDepartmentConnectivity", RelationshipMap.Compute(data).CrossDepartmentConnectivity)],
    };

    private static List<KeyValuePair<string, decimal>> RoiFigures(ReportData data, ValuationModel model, ConversionRates rates)
    {
        var figures = new List<KeyValuePair<string, decimal>>();
        foreach (var roi in RoiByInitiative.Compute(data, model, rates))
        {
            var r = roi.Roi;
            var key = $"roi/{roi.Name}";
            figures.Add(new($"{key}/cost", r.Cost));
            figures.Add(new($"{key}/monetaryGain", r.MonetaryGain));
            figures.Add(new($"{key}/totalValue", r.TotalValue));
            if (r.MonetaryRoi is { } m) figures.Add(new($"{key}/monetaryRoi", m));
            if (r.TotalRoi is { } t) figures.Add(new($"{key}/totalRoi", t));
        }
        return figures;
    }

    private static List<KeyValuePair<string, decimal>> OutcomeFigures(ReportData data, ValuationModel model, ConversionRates rates)
    {
        var figures = new List<KeyValuePair<string, decimal>>();
        foreach (var row in OutcomeReport.Compute(data.Facts, model, rates, PeriodGranularity.Quarter, new HashSet<OutcomeDimension>()))
        {
            figures.Add(new($"outcomes/{row.Period}/{WireName.Of(row.Kind)}/count", row.Count));
            figures.Add(new($"outcomes/{row.Period}/{WireName.Of(row.Kind)}/value", row.Value));
        }
        return figures;
    }

    private static List<KeyValuePair<string, decimal>> AttributionFigures(ReportData data, ConversionRates rates, AttributionSettings attribution)
    {
        var figures = new List<KeyValuePair<string, decimal>>();
        var attributed = AttributionReport.Compute(data, rates, attribution.ToModel(), TimeSpan.FromDays(attribution.LookbackDays));
        var names = data.Initiatives.ToDictionary(i => i.InitiativeId, i => i.Name);
        foreach (var (initiative, amount) in attributed.ByInitiative)
            figures.Add(new($"attribution/{names.GetValueOrDefault(initiative, initiative.ToString())}", amount));
        figures.Add(new("attribution/unattributed", attributed.Unattributed));
        figures.Add(new("attribution/total", attributed.Total));
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

    /// <summary>
    /// The facts as the reports read them: the same list, whose enumeration calls the pacer every few thousand facts, so
    /// that a report, which cannot be interrupted, still yields to recording between passes of its work.
    /// </summary>
    private sealed class PacedFacts(IReadOnlyList<FactInForce> facts, PilotPacer pacer) : IReadOnlyList<FactInForce>
    {
        public FactInForce this[int index] => facts[index];

        public int Count => facts.Count;

        public IEnumerator<FactInForce> GetEnumerator()
        {
            for (var i = 0; i < facts.Count; i++)
            {
                if ((i & 0xFFF) == 0) pacer.Pace();
                yield return facts[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
