using System.Text.Json;
using Ledger.Domain;
using Ledger.Domain.Interactions;
using Ledger.Projections.Analytics;
using Ledger.Projections.Serialization;
using static Ledger.Projections.Tests.Analytics.Interactions;

namespace Ledger.Projections.Tests.Analytics;

public class ValuationTests
{
    private static readonly DateOnly On = new(2026, 3, 10);
    private static readonly ConversionRates Rates = new ConversionRates("EUR").Add("USD", new DateOnly(2026, 1, 1), 0.92m);
    private static readonly ValuationModel Model = ValuationModel.Default;

    [Theory]
    [InlineData(InformationKind.Answer, 40)]
    [InlineData(InformationKind.Referral, 150)]
    [InlineData(InformationKind.Document, 25)]
    [InlineData(InformationKind.Idea, 60)]
    [InlineData(InformationKind.Feedback, 15)]
    public void Informational_transactions_are_worth_the_default_value_of_their_kind(InformationKind what, int value) =>
        Valuation.Value(Info(what), Model, Rates, On).Amount.ShouldBe(value);

    [Fact]
    public void Revenue_in_another_currency_is_a_gain_converted_at_the_rate_of_its_date()
    {
        // 1 234.56 USD × 0.92 = 1 135.7952 EUR, unrounded.
        Valuation.Value(Revenue(1234.56m, "USD"), Model, Rates, On)
            .ShouldBe(new ValuedTransaction(TransactionKind.Monetary, "revenue", 1135.7952m, "EUR", ValueEffect.Gain));
    }

    [Fact]
    public void Saving_is_a_gain_and_cost_is_a_cost()
    {
        Valuation.Value(Saving(200m), Model, Rates, On).ShouldBe(new ValuedTransaction(TransactionKind.Monetary, "saving", 200m, "EUR", ValueEffect.Gain));
        var cost = Valuation.Value(Cost(100m, "USD"), Model, Rates, On);
        cost.ShouldBe(new ValuedTransaction(TransactionKind.Monetary, "cost", 92m, "EUR", ValueEffect.Cost));
        cost.SignedAmount.ShouldBe(-92m);
    }

    [Fact]
    public void Emotional_value_is_rate_times_valence_times_intensity()
    {
        // Gratitude: 10 × 0.8 × 4 = 32 gained. Complaint: 10 × −1 × 5 = −50, reported as a cost of 50.
        Valuation.Value(Emotion(EmotionalSignal.Gratitude, 0.8m, 4), Model, Rates, On)
            .ShouldBe(new ValuedTransaction(TransactionKind.Emotional, "gratitude", 32m, "EUR", ValueEffect.Gain));
        Valuation.Value(Emotion(EmotionalSignal.Complaint, -1m, 5), Model, Rates, On)
            .ShouldBe(new ValuedTransaction(TransactionKind.Emotional, "complaint", 50m, "EUR", ValueEffect.Cost));
    }

    [Fact]
    public void A_per_signal_rate_overrides_the_emotional_rate()
    {
        // Trust at 25 per unit: 25 × 0.5 × 2 = 25; praise keeps 10: 10 × 0.5 × 2 = 10.
        var model = Model with
        {
            Emotional = new EmotionalValuation(10m, new Dictionary<EmotionalSignal, decimal> { [EmotionalSignal.Trust] = 25m }),
        };
        Valuation.Value(Emotion(EmotionalSignal.Trust, 0.5m, 2), model, Rates, On).Amount.ShouldBe(25m);
        Valuation.Value(Emotion(EmotionalSignal.Praise, 0.5m, 2), model, Rates, On).Amount.ShouldBe(10m);
    }

    [Fact]
    public void Logistical_value_is_quantity_times_the_rate_of_its_status_or_unit()
    {
        // Default: 12 boxes delivered × 5 = 60; shipped × 0 = 0. A pallet rate of 80 when delivered: 2.5 × 80 = 200.
        Valuation.Value(Delivered(12m), Model, Rates, On)
            .ShouldBe(new ValuedTransaction(TransactionKind.Logistical, "delivered", 60m, "EUR", ValueEffect.Gain));
        Valuation.Value(new LogisticalPayload("widget", 12m, "box", LogisticalStatus.Shipped), Model, Rates, On).Amount.ShouldBe(0m);
        var model = Model with
        {
            Logistical = Model.Logistical with { ByUnit = [new LogisticalUnitRate("Pallet", LogisticalStatus.Delivered, 80m)] },
        };
        Valuation.Value(Delivered(2.5m, " pallet"), model, Rates, On).Amount.ShouldBe(200m);
        Valuation.Value(Delivered(12m), model, Rates, On).Amount.ShouldBe(60m);
    }

    [Fact]
    public void An_interaction_is_valued_at_the_utc_date_it_occurred()
    {
        // 2026-01-31T23:30-02:00 is 2026-02-01 in UTC, when USD moved to 0.95: 100 USD = 95 EUR.
        var rates = Rates.Add("USD", new DateOnly(2026, 2, 1), 0.95m);
        var interaction = Between(Guid.NewGuid(), Guid.NewGuid(), new DateTimeOffset(2026, 1, 31, 23, 30, 0, TimeSpan.FromHours(-2)), Revenue(100m, "USD"));
        Valuation.Value(interaction, Model, rates).Amount.ShouldBe(95m);
        Valuation.Value(interaction, Model, rates, new DateOnly(2026, 1, 31)).Amount.ShouldBe(92m);
    }

    [Fact]
    public void A_missing_rate_names_the_currency_and_date()
    {
        var error = Should.Throw<MissingConversionRateException>(() => Valuation.Value(Revenue(1m, "JPY"), Model, Rates, On));
        error.Currency.ShouldBe("JPY");
        error.On.ShouldBe(On);
    }

    [Fact]
    public void Rejects_rates_in_another_reporting_currency() =>
        Should.Throw<ArgumentException>(() => Valuation.Value(Info(InformationKind.Answer), Model, new ConversionRates("USD"), On));

    [Fact]
    public void The_default_model_is_valid() => ValuationModel.Default.Validate().ShouldBeEmpty();

    [Fact]
    public void The_model_round_trips_through_the_domain_json_options_and_the_defaults()
    {
        var model = Model with
        {
            Version = 2,
            Emotional = new EmotionalValuation(10m, new Dictionary<EmotionalSignal, decimal> { [EmotionalSignal.Trust] = 25m }),
            Logistical = Model.Logistical with { ByUnit = [new LogisticalUnitRate("pallet", LogisticalStatus.Delivered, 80m)] },
        };
        foreach (var options in new[] { DomainJson.Options, JsonSerializerOptions.Default })
        {
            var json = JsonSerializer.Serialize(model, options);
            var back = JsonSerializer.Deserialize<ValuationModel>(json, options)!;
            JsonSerializer.Serialize(back, options).ShouldBe(json);
            back.Informational[InformationKind.Referral].ShouldBe(150m);
            back.Emotional.RateFor(EmotionalSignal.Trust).ShouldBe(25m);
            back.Logistical.RateFor("pallet", LogisticalStatus.Delivered).ShouldBe(80m);
        }
    }
}
