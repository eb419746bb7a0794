using Ledger.Domain;
using Ledger.Domain.Common;
using Ledger.Domain.Initiatives;
using Ledger.Domain.Interactions;
using Ledger.Projections.Analytics;
using static Ledger.Projections.Tests.Analytics.Interactions;

namespace Ledger.Projections.Tests.Analytics;

public class RoiTests
{
    private static readonly Guid Initiative = Guid.NewGuid();
    private static readonly Guid Us = Guid.NewGuid();
    private static readonly Guid Customer = Guid.NewGuid();

    // USD → EUR 0.90 in January, 0.92 from 1 February.
    private static readonly ConversionRates Rates = new ConversionRates("EUR")
        .Add("USD", new DateOnly(2026, 1, 1), 0.90m)
        .Add("USD", new DateOnly(2026, 2, 1), 0.92m);

    private static InitiativeCostIncurred Incurred(decimal amount, string currency, DateTimeOffset at) =>
        new(Initiative, Guid.NewGuid(), new Money(amount, currency), CostCategory.People, at);

    private static EffectiveInteraction At(DateTimeOffset at, TransactionPayload payload) => Between(Customer, Us, at, payload);

    /*
     * The fixed history, valued with ValuationModel.Default, by hand:
     *   01-05  recorded cost 1 000 EUR                         cost  1 000
     *   01-10  revenue 300 EUR                                 gain    300
     *   01-12  answer 40 + referral 150                        value   190
     *   01-15  saving 200 USD × 0.90                           gain    180
     *   01-20  recorded cost 500 USD × 0.90                    cost    450
     *   01-25  monetary cost interaction 100 EUR               cost    100
     *   01-28  10 boxes delivered × 5                          value    50
     *   02-03  revenue 1 000 USD × 0.92                        gain    920
     *   02-05  complaint 10 × −0.5 × 4 = −20, gratitude 10 × 0.8 × 3 = 24   value 4
     * Cost 1 450 + 100 = 1 550; gain 1 220 + 180 = 1 400; value 190 + 50 + 4 = 244.
     * MonetaryRoi (1 400 − 1 550) / 1 550 = −0.096774… → −0.0968.
     * TotalRoi (1 400 + 244 − 1 550) / 1 550 = 94 / 1 550 = 0.060645… → 0.0606.
     * Payback: cumulative gain + value reaches 1 400 + 240 = 1 640 ≥ 1 550 on 02-03 (on 01-28: 480 + 240 < 1 550).
     * Monetary payback: 1 400 < 1 550, never.
     */
    private static RoiReport FixedHistory() => Roi.Compute(
        [
            Incurred(1000m, "EUR", Day(2026, 1, 5)),
            Incurred(500m, "USD", Day(2026, 1, 20)),
        ],
        [
            At(Day(2026, 1, 10), Revenue(300m)),
            At(Day(2026, 1, 12), Info(InformationKind.Answer)),
            At(Day(2026, 1, 12), Info(InformationKind.Referral)),
            At(Day(2026, 1, 15), Saving(200m, "USD")),
            At(Day(2026, 1, 25), Cost(100m)),
            At(Day(2026, 1, 28), Delivered(10m)),
            At(Day(2026, 2, 3), Revenue(1000m, "USD")),
            At(Day(2026, 2, 5), Emotion(EmotionalSignal.Complaint, -0.5m, 4)),
            At(Day(2026, 2, 5), Emotion(EmotionalSignal.Gratitude, 0.8m, 3)),
        ],
        ValuationModel.Default,
        Rates);

    [Fact]
    public void Totals_match_the_hand_computation()
    {
        var report = FixedHistory();
        report.Currency.ShouldBe("EUR");
        report.RecordedCost.ShouldBe(1450m);
        report.InteractionCost.ShouldBe(100m);
        report.Cost.ShouldBe(1550m);
        report.Revenue.ShouldBe(1220m);
        report.Saving.ShouldBe(180m);
        report.MonetaryGain.ShouldBe(1400m);
        report.InformationalValue.ShouldBe(190m);
        report.LogisticalValue.ShouldBe(50m);
        report.EmotionalValue.ShouldBe(4m);
        report.TotalValue.ShouldBe(244m);
    }

    [Fact]
    public void Monetary_and_total_roi_match_the_hand_computation()
    {
        var report = FixedHistory();
        report.MonetaryRoi.ShouldBe(-0.0968m);
        report.TotalRoi.ShouldBe(0.0606m);
    }

    [Fact]
    public void Payback_is_the_first_date_where_gain_and_value_cover_the_cost()
    {
        var report = FixedHistory();
        report.PaybackDate.ShouldBe(new DateOnly(2026, 2, 3));
        report.MonetaryPaybackDate.ShouldBeNull();
    }

    [Fact]
    public void The_curve_has_one_cumulative_point_per_date_with_activity()
    {
        FixedHistory().Curve.ShouldBe(
        [
            new RoiPoint(new DateOnly(2026, 1, 5), 1000m, 0m, 0m),
            new RoiPoint(new DateOnly(2026, 1, 10), 1000m, 300m, 0m),
            new RoiPoint(new DateOnly(2026, 1, 12), 1000m, 300m, 190m),
            new RoiPoint(new DateOnly(2026, 1, 15), 1000m, 480m, 190m),
            new RoiPoint(new DateOnly(2026, 1, 20), 1450m, 480m, 190m),
            new RoiPoint(new DateOnly(2026, 1, 25), 1550m, 480m, 190m),
            new RoiPoint(new DateOnly(2026, 1, 28), 1550m, 480m, 240m),
            new RoiPoint(new DateOnly(2026, 2, 3), 1550m, 1400m, 240m),
            new RoiPoint(new DateOnly(2026, 2, 5), 1550m, 1400m, 244m),
        ]);
    }

    [Fact]
    public void Roi_is_null_without_cost_and_so_is_payback()
    {
        var report = Roi.Compute("EUR", [], [new DatedTransaction(new DateOnly(2026, 1, 1), Valuation.Value(Revenue(10m), ValuationModel.Default, Rates, new DateOnly(2026, 1, 1)))]);
        report.MonetaryRoi.ShouldBeNull();
        report.TotalRoi.ShouldBeNull();
        report.PaybackDate.ShouldBeNull();
        report.MonetaryGain.ShouldBe(10m);
    }

    [Fact]
    public void Reported_totals_are_rounded_from_unrounded_sums()
    {
        // Logistical 0.001 × 5 = 0.005 and emotional 10 × 0.0005 × 1 = 0.005: each shows 0.00 (midpoint to even),
        // but the total value is 0.010 → 0.01, not 0.00 + 0.00.
        var on = new DateOnly(2026, 1, 1);
        ValuedTransaction V(TransactionPayload p) => Valuation.Value(p, ValuationModel.Default, Rates, on);
        var report = Roi.Compute("EUR", [new DatedCost(on, 0.015m)], [new DatedTransaction(on, V(Delivered(0.001m))), new DatedTransaction(on, V(Emotion(EmotionalSignal.Trust, 0.0005m, 1)))]);
        report.LogisticalValue.ShouldBe(0.00m);
        report.EmotionalValue.ShouldBe(0.00m);
        report.TotalValue.ShouldBe(0.01m);
        report.Cost.ShouldBe(0.02m); // 0.015 → 0.02 (midpoint to even)
        report.TotalRoi.ShouldBe(-0.3333m); // (0.010 − 0.015) / 0.015 from the unrounded figures
    }

    [Fact]
    public void Converts_a_recorded_cost_at_the_rate_of_its_utc_date()
    {
        // 2026-02-01T01:00+02:00 is still 31 January in UTC: 500 USD × 0.90.
        var cost = Roi.Cost(Incurred(500m, "USD", new DateTimeOffset(2026, 2, 1, 1, 0, 0, TimeSpan.FromHours(2))), Rates);
        cost.ShouldBe(new DatedCost(new DateOnly(2026, 1, 31), 450m));
    }

    [Fact]
    public void A_cost_without_a_rate_fails_with_the_currency_and_date() =>
        Should.Throw<MissingConversionRateException>(() => Roi.Cost(Incurred(1m, "GBP", Day(2026, 3, 1)), Rates)).Currency.ShouldBe("GBP");
}
