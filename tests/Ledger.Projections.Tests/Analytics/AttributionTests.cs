using Ledger.Domain.Interactions;
using Ledger.Projections.Analytics;
using static Ledger.Projections.Tests.Analytics.Interactions;

namespace Ledger.Projections.Tests.Analytics;

public class AttributionTests
{
    private static readonly TimeSpan Lookback = TimeSpan.FromDays(30);
    private static readonly Guid Customer = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();
    private static readonly Guid ConversationA = Guid.NewGuid();
    private static readonly Guid ConversationB = Guid.NewGuid();
    private static readonly Guid ConversationC = Guid.NewGuid();
    private static readonly Guid InitiativeA = Guid.NewGuid();
    private static readonly Guid InitiativeB = Guid.NewGuid();
    private static readonly DateTimeOffset SaleAt = Day(2026, 3, 31);
    private static readonly AttributionOutcome Sale = new(Guid.NewGuid(), Customer, SaleAt, 100.00m);

    /*
     * The fixed history: a 100.00 EUR sale to the customer on 31 March, 30-day lookback. In the window, earliest
     * first: A (initiative A) 15 days before, B (initiative B) 8 days before, C (no initiative) 1 day before.
     * Outside it: 40 days before, a touch after the sale, and a touch of another customer.
     */
    private static readonly Touchpoint[] History =
    [
        new(Guid.NewGuid(), Customer, ConversationB, InitiativeB, SaleAt.AddDays(-8)),
        new(Guid.NewGuid(), Customer, ConversationA, InitiativeA, SaleAt.AddDays(-15)),
        new(Guid.NewGuid(), Customer, ConversationC, null, SaleAt.AddDays(-1)),
        new(Guid.NewGuid(), Customer, ConversationA, InitiativeA, SaleAt.AddDays(-40)),
        new(Guid.NewGuid(), Customer, ConversationA, InitiativeA, SaleAt.AddHours(1)),
        new(Guid.NewGuid(), Other, ConversationB, InitiativeB, SaleAt.AddDays(-2)),
    ];

    private static decimal[] Shares(AttributionModel model) => Shares(model, History, Sale);

    private static decimal[] Shares(AttributionModel model, IEnumerable<Touchpoint> touches, AttributionOutcome outcome)
    {
        var result = Attribution.Attribute([outcome], touches, model, Lookback, "EUR");
        return [.. result.Outcomes.Single().Shares.Select(s => s.Amount)];
    }

    [Fact]
    public void First_touch_credits_the_earliest_touchpoint_in_the_window()
    {
        // The touch 40 days before is outside the 30-day window: A, 15 days before, gets 100 %.
        var share = Attribution.Attribute([Sale], History, AttributionModel.FirstTouch, Lookback, "EUR").Outcomes.Single().Shares.Single();
        share.ConversationId.ShouldBe(ConversationA);
        share.Amount.ShouldBe(100.00m);
    }

    [Fact]
    public void Last_touch_credits_the_latest_touchpoint_before_the_outcome()
    {
        // The touch one hour after the sale and the other customer's touch do not count: C gets 100 %.
        var share = Attribution.Attribute([Sale], History, AttributionModel.LastTouch, Lookback, "EUR").Outcomes.Single().Shares.Single();
        share.ConversationId.ShouldBe(ConversationC);
        share.Amount.ShouldBe(100.00m);
    }

    [Fact]
    public void Linear_splits_equally_and_the_earliest_touch_gets_the_last_cent()
    {
        // 100.00 / 3 = 33.3333… ; floors 33.33 × 3 = 99.99 ; remainders equal (0.003333…) → earliest (A) + 0.01.
        Shares(AttributionModel.Linear).ShouldBe([33.34m, 33.33m, 33.33m]);
    }

    [Fact]
    public void Time_decay_with_a_seven_day_half_life_matches_the_hand_computation()
    {
        // Ages 15, 8 and 1 days; the shares only depend on age differences (14, 7 and 0 days from the latest), so the
        // weights are 2^-2, 2^-1, 2^0 = 0.25, 0.5, 1 (sum 1.75) → shares 1/7, 2/7, 4/7 of 100.00:
        // 14.285714…, 28.571428…, 57.142857… → floors 14.28 + 28.57 + 57.14 = 99.99;
        // remainders 0.005714…, 0.001428…, 0.002857… → the missing cent goes to A (0.0057) → 14.29.
        Shares(AttributionModel.TimeDecay(TimeSpan.FromDays(7))).ShouldBe([14.29m, 28.57m, 57.14m]);
    }

    [Fact]
    public void Time_decay_with_a_fourteen_day_half_life_matches_the_hand_computation()
    {
        // Weights 2^-1, 2^-0.5, 1 = 0.5, 0.70710678…, 1 (sum 2.20710678…): shares 22.654091…, 32.037724…,
        // 45.308183… → floors 22.65 + 32.03 + 45.30 = 99.98; remainders 0.00409, 0.00772, 0.00818 → the two
        // missing cents go to C (0.00818) then B (0.00772) → 22.65, 32.04, 45.31.
        Shares(AttributionModel.TimeDecay(TimeSpan.FromDays(14))).ShouldBe([22.65m, 32.04m, 45.31m]);
    }

    [Fact]
    public void Position_based_gives_forty_twenty_forty_with_three_touches() =>
        Shares(AttributionModel.PositionBased).ShouldBe([40.00m, 20.00m, 40.00m]);

    [Fact]
    public void Position_based_spreads_twenty_percent_over_the_middle_touches()
    {
        // 99.99 over four touches, weights 0.4, 0.1, 0.1, 0.4: exact 39.996, 9.999, 9.999, 39.996;
        // floors 39.99 + 9.99 + 9.99 + 39.99 = 99.96; remainders 0.006, 0.009, 0.009, 0.006 → three cents
        // to the second and third (0.009, earliest first), then the first (0.006, earlier than the last).
        var outcome = Sale with { Amount = 99.99m };
        var touches = Enumerable.Range(1, 4).Select(d => new Touchpoint(Guid.NewGuid(), Customer, ConversationA, null, SaleAt.AddDays(-d)));
        Shares(AttributionModel.PositionBased, touches, outcome).ShouldBe([40.00m, 10.00m, 10.00m, 39.99m]);
    }

    [Fact]
    public void Position_based_gives_everything_to_one_touch_and_halves_to_two()
    {
        var one = new Touchpoint(Guid.NewGuid(), Customer, ConversationA, null, SaleAt.AddDays(-2));
        var two = new Touchpoint(Guid.NewGuid(), Customer, ConversationB, null, SaleAt.AddDays(-1));
        Shares(AttributionModel.PositionBased, [one], Sale).ShouldBe([100.00m]);
        Shares(AttributionModel.PositionBased, [one, two], Sale with { Amount = 100.01m }).ShouldBe([50.01m, 50.00m]);
    }

    [Fact]
    public void Aggregates_by_conversation_and_initiative_reconcile_with_the_outcome()
    {
        var result = Attribution.Attribute([Sale], History, AttributionModel.Linear, Lookback, "EUR");
        result.ByConversation.ShouldBe(new Dictionary<Guid, decimal> { [ConversationA] = 33.34m, [ConversationB] = 33.33m, [ConversationC] = 33.33m }, ignoreOrder: true);
        result.ByInitiative.ShouldBe(new Dictionary<Guid, decimal> { [InitiativeA] = 33.34m, [InitiativeB] = 33.33m }, ignoreOrder: true);
        result.WithoutInitiative.ShouldBe(33.33m);
        result.Unattributed.ShouldBe(0m);
        result.Total.ShouldBe(100.00m);
    }

    [Fact]
    public void An_outcome_without_a_touchpoint_in_the_window_is_unattributed()
    {
        // The other customer's only touch is 2 days before; a sale to it 40 days later has nothing in the window.
        var lonely = new AttributionOutcome(Guid.NewGuid(), Other, SaleAt.AddDays(38), 250.005m);
        var result = Attribution.Attribute([lonely, Sale], History, AttributionModel.Linear, Lookback, "EUR");
        result.Outcomes[0].Shares.ShouldBeEmpty();
        result.Outcomes[0].Unattributed.ShouldBe(250.00m); // 250.005 → 250.00, midpoint to even
        result.Unattributed.ShouldBe(250.00m);
        result.Total.ShouldBe(350.00m);
    }

    [Fact]
    public void A_touch_exactly_one_lookback_before_counts_and_the_outcome_itself_does_not()
    {
        var edge = new Touchpoint(Guid.NewGuid(), Customer, ConversationA, null, SaleAt - Lookback);
        var itself = new Touchpoint(Sale.InteractionId, Customer, ConversationB, null, SaleAt.AddDays(-1));
        Shares(AttributionModel.Linear, [edge, itself], Sale).ShouldBe([100.00m]);
    }

    [Fact]
    public void Builds_touchpoints_and_outcomes_from_effective_interactions()
    {
        var us = Guid.NewGuid();
        var rates = new ConversionRates("EUR").Add("USD", new DateOnly(2026, 1, 1), 0.9m);
        var question = Between(Customer, us, Day(2026, 3, 1), Info(InformationKind.Answer), ConversationA);
        var sale = Between(us, Customer, Day(2026, 3, 5), Revenue(100m, "USD"), ConversationB);
        var internalSale = Between(us, Guid.NewGuid(), Day(2026, 3, 5), Revenue(5m));
        EffectiveInteraction[] all = [question, sale, internalSale];
        bool IsExternal(Guid p) => p == Customer;
        Guid? InitiativeOf(Guid c) => c == ConversationA ? InitiativeA : null;

        var touchpoints = Attribution.Touchpoints(all, IsExternal, InitiativeOf).ToArray();
        touchpoints.ShouldBe(
        [
            new Touchpoint(question.InteractionId, Customer, ConversationA, InitiativeA, question.OccurredAt),
            new Touchpoint(sale.InteractionId, Customer, ConversationB, null, sale.OccurredAt),
        ]);
        var outcome = Attribution.Outcomes(all, IsExternal, rates).Single();
        outcome.ShouldBe(new AttributionOutcome(sale.InteractionId, Customer, sale.OccurredAt, 90.0m));

        var result = Attribution.Attribute([outcome], touchpoints, AttributionModel.Linear, Lookback, "EUR");
        result.ByInitiative[InitiativeA].ShouldBe(90.00m);
    }

    [Fact]
    public void Every_model_reconciles_to_the_cent_for_five_hundred_random_outcomes()
    {
        var random = new Random(20261124);
        var currencies = new[] { "EUR", "JPY", "KWD" };
        var conversations = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToArray();
        var models = new[]
        {
            AttributionModel.FirstTouch,
            AttributionModel.LastTouch,
            AttributionModel.Linear,
            AttributionModel.TimeDecay(TimeSpan.FromDays(7)),
            AttributionModel.TimeDecay(TimeSpan.FromHours(1 + random.Next(2000))),
            AttributionModel.PositionBased,
        };

        for (var n = 0; n < 500; n++)
        {
            var currency = currencies[random.Next(currencies.Length)];
            var counterpart = Guid.NewGuid();
            var at = SaleAt.AddMinutes(random.Next(100_000));
            // Up to 4 decimals, so that the outcome itself needs rounding in every currency.
            var amount = random.Next(1, 1_000_000_000) / 10_000m;
            var outcome = new AttributionOutcome(Guid.NewGuid(), counterpart, at, amount);
            var sameInstant = at.AddDays(-random.Next(1, 20));
            var touches = Enumerable.Range(0, random.Next(0, 16))
                .Select(_ => new Touchpoint(
                    Guid.NewGuid(),
                    counterpart,
                    conversations[random.Next(conversations.Length)],
                    random.Next(3) == 0 ? null : Guid.NewGuid(),
                    random.Next(4) == 0 ? sameInstant : at.AddMinutes(-random.Next(1, 60 * 24 * 45))))
                .ToArray();

            foreach (var model in models)
            {
                var result = Attribution.Attribute([outcome], touches, model, Lookback, currency);
                var single = result.Outcomes.Single();
                var rounded = RoundingPolicy.Round(amount, currency);
                single.Amount.ShouldBe(rounded);
                (single.Shares.Sum(s => s.Amount) + single.Unattributed).ShouldBe(rounded, $"{model} #{n}");
                (result.ByConversation.Values.Sum() + result.Unattributed).ShouldBe(rounded);
                (result.ByInitiative.Values.Sum() + result.WithoutInitiative + result.Unattributed).ShouldBe(rounded);
                single.Shares.ShouldAllBe(s => s.Amount >= 0 && s.Amount == RoundingPolicy.Round(s.Amount, currency));
                var inWindow = touches.Any(t => t.OccurredAt < at && t.OccurredAt >= at - Lookback);
                (single.Unattributed == 0).ShouldBe(inWindow || rounded == 0);
            }
        }
    }
}
