using System.Collections.Frozen;
using System.Text.Json;
using Ledger.Domain.Interactions;
using Ledger.Projections.Analytics;
using Ledger.Projections.ReadModels;
using Ledger.Projections.Reports;
using Ledger.Projections.Serialization;
using Ledger.Projections.Transactions;

namespace Ledger.Projections.Tests.Reports;

/// <summary>
/// <see cref="RoiTotals"/> against <see cref="RoiByInitiative"/> on the same fact rows, without a database: the ROI
/// of the totals must serialize exactly like the ROI of the facts in force, digits included.
/// </summary>
public class RoiTotalsTests
{
    private static readonly DateTimeOffset Jan1 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ConversionRates Rates = ConversionRates.From("EUR",
        [new ConversionRate("USD", new DateOnly(2025, 1, 1), 0.92m), new ConversionRate("GBP", new DateOnly(2025, 1, 1), 1.1725m), new ConversionRate("USD", new DateOnly(2026, 1, 5), 0.9347m)]);

    private static readonly ValuationModel Other = ValuationModel.Default with
    {
        Version = 2,
        Informational = new Dictionary<InformationKind, decimal> { [InformationKind.Answer] = 41.5m, [InformationKind.Idea] = -3.25m }.ToFrozenDictionary(),
        Emotional = new EmotionalValuation(7.5m, new Dictionary<EmotionalSignal, decimal> { [EmotionalSignal.Complaint] = 12.125m }),
        Logistical = new LogisticalValuation(new Dictionary<LogisticalStatus, decimal> { [LogisticalStatus.Delivered] = 5.5m }, [new LogisticalUnitRate("pallet", LogisticalStatus.Delivered, 30m)]),
    };

    private readonly Guid _initiative = Guid.NewGuid();

    [Fact]
    public void A_reversed_fact_leaves_neither_its_decimals_nor_its_day_behind()
    {
        // Jan 2: revenue 10.5 EUR, and 10.125 EUR voided; Jan 3: revenue 4 EUR, voided. In force: 10.5 on Jan 2 only.
        // Over the facts: revenue = 10.5 → rounds to "10.5" (one decimal: the sum has the scale of its terms), and the
        // curve has one point. A total that kept the voided fact's third decimal would print "10.50"; one that kept
        // the empty Jan 3 would add a point.
        var kept = Revenue(10.5m, Jan1.AddDays(1));
        var voided = Revenue(10.125m, Jan1.AddDays(1));
        var gone = Revenue(4m, Jan1.AddDays(2));
        var rows = new List<(short, TransactionFact)> { (1, kept), (1, voided), (1, gone), (-1, voided), (-1, gone) };

        var (fast, full) = Both(rows, [kept], ValuationModel.Default);

        fast.ShouldBe(full);
        full.ShouldContain("\"revenue\":10.5,");
        full.ShouldContain("\"curve\":[{\"on\":\"2026-01-02\"");
        full.ShouldNotContain("2026-01-03");
    }

    [Fact]
    public void Totals_give_the_facts_report_on_seeded_histories_folded_at_once_in_steps_and_under_another_model()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var (rows, inForce) = History(random);
            var totals = new RoiTotals();
            // Folded in two steps with a report in between (only the days changed since are folded again)…
            var half = rows.Count / 2;
            foreach (var (sign, fact) in rows.Take(half)) totals.Apply(sign, fact);
            totals.Compute(_initiative, ValuationModel.Default, Rates, settings: 1);
            foreach (var (sign, fact) in rows.Skip(half)) totals.Apply(sign, fact);
            var costs = Costs(random);
            foreach (var cost in costs) totals.Apply(cost);

            var data = Data(inForce, costs);
            Json(totals.Compute(_initiative, ValuationModel.Default, Rates, settings: 1))
                .ShouldBe(Json(RoiByInitiative.Compute(data, ValuationModel.Default, Rates).Single().Roi), $"seed {seed}");
            // …and valued again under another model.
            Json(totals.Compute(_initiative, Other, Rates, settings: 2))
                .ShouldBe(Json(RoiByInitiative.Compute(data, Other, Rates).Single().Roi), $"seed {seed}, other model");
        }
    }

    /// <summary>Fact rows of records, voids and reclassifications (a reversal carries the fact it reverses), and the facts left in force.</summary>
    private (List<(short Sign, TransactionFact Fact)> Rows, List<TransactionFact> InForce) History(Random random)
    {
        var rows = new List<(short, TransactionFact)>();
        var inForce = new List<TransactionFact>();
        for (var i = 0; i < 60; i++)
        {
            var r = random.Next(10);
            if (r < 2 && inForce.Count > 0)
            {
                var old = inForce[random.Next(inForce.Count)];
                inForce.Remove(old);
                rows.Add((-1, old));
                if (r == 0) continue;   // voided
                var reclassified = Fact(random, old.InteractionId, old.OccurredAt);
                rows.Add((1, reclassified));
                inForce.Add(reclassified);
                continue;
            }
            var fact = Fact(random, Guid.NewGuid(), Jan1.AddDays(random.Next(0, 10)).AddMinutes(random.Next(0, 1440)));
            rows.Add((1, fact));
            inForce.Add(fact);
        }
        return (rows, inForce);
    }

    private TransactionFact Fact(Random random, Guid interactionId, DateTimeOffset at)
    {
        T Pick<T>(params T[] values) => values[random.Next(values.Length)];
        TransactionPayload payload = random.Next(4) switch
        {
            0 => new MonetaryPayload(Pick(10m, 10.5m, 10.25m, 0.125m, 1999.99m, 3m, 7.1m), Pick("EUR", "USD", "GBP"), Pick(Enum.GetValues<MoneyDirection>())),
            1 => new InformationalPayload(Pick(Enum.GetValues<InformationKind>()), "t"),
            2 => new LogisticalPayload("i", Pick(1m, 2.5m, 0.75m, 3m, 0.125m), Pick("unit", "pallet"), Pick(Enum.GetValues<LogisticalStatus>())),
            _ => new EmotionalPayload(Pick(Enum.GetValues<EmotionalSignal>()), Pick(0.5m, -0.25m, 1m, -1m, 0.8m, -0.333m, 0m), random.Next(1, 6)),
        };
        // A few facts of another initiative or of none: not part of this ROI.
        var initiative = random.Next(8) switch { 0 => (Guid?)null, 1 => Guid.NewGuid(), _ => _initiative };
        return TransactionFact.From(Interaction(interactionId, at, payload), initiative, "email", "sales", null);
    }

    private List<CostInForce> Costs(Random random) =>
        [.. Enumerable.Range(0, random.Next(0, 4)).Select(i => new CostInForce(i, Guid.NewGuid(), _initiative, random.Next(2) == 0 ? 1000m : 450.55m,
            random.Next(2) == 0 ? "EUR" : "USD", "people", Jan1.AddDays(random.Next(0, 10))))];

    private TransactionFact Revenue(decimal amount, DateTimeOffset at) =>
        TransactionFact.From(Interaction(Guid.NewGuid(), at, new MonetaryPayload(amount, "EUR", MoneyDirection.Revenue)), _initiative, "email", "sales", null);

    private (string Fast, string Full) Both(List<(short Sign, TransactionFact Fact)> rows, List<TransactionFact> inForce, ValuationModel model)
    {
        var totals = new RoiTotals();
        foreach (var (sign, fact) in rows) totals.Apply(sign, fact);
        return (Json(totals.Compute(_initiative, model, Rates, settings: 1)), Json(RoiByInitiative.Compute(Data(inForce, []), model, Rates).Single().Roi));
    }

    private ReportData Data(List<TransactionFact> inForce, List<CostInForce> costs) =>
        new(0, [.. inForce.Select((f, i) => new FactInForce(i, Guid.NewGuid(), f))], costs,
            [new InitiativeInfo(_initiative, "Forum", Guid.NewGuid(), Jan1, null)], []);

    private static EffectiveInteraction Interaction(Guid id, DateTimeOffset at, TransactionPayload payload) =>
        new(Guid.NewGuid(), id, Guid.NewGuid(), [Guid.NewGuid()], at, "", new SourceRef("test", id.ToString()), payload, new Classification(ClassificationSource.Manual), false);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, DomainJson.Options);
}
