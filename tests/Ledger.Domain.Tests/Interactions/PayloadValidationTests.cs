using Ledger.Domain.Interactions;
using static Ledger.Domain.Tests.Support.Samples;

namespace Ledger.Domain.Tests.Interactions;

public class PayloadValidationTests
{
    private static void ShouldReject(TransactionPayload payload, string field, string code)
    {
        var errors = PayloadValidation.Validate(payload);
        errors.Select(e => (e.Field, e.Code)).ShouldContain((field, code));
    }

    [Fact]
    public void Accepts_a_valid_payload_of_every_kind()
    {
        foreach (var payload in new TransactionPayload[] { Revenue(), Answer(), Delivery(), Gratitude() })
            PayloadValidation.Validate(payload).ShouldBeEmpty();
    }

    [Fact]
    public void Each_payload_reports_its_transaction_kind()
    {
        Revenue().Kind.ShouldBe(TransactionKind.Monetary);
        Answer().Kind.ShouldBe(TransactionKind.Informational);
        Delivery().Kind.ShouldBe(TransactionKind.Logistical);
        Gratitude().Kind.ShouldBe(TransactionKind.Emotional);
    }

    [Fact]
    public void Rejects_a_missing_payload() =>
        PayloadValidation.Validate(null).Select(e => (e.Field, e.Code)).ShouldBe([("payload.", "required")]);

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Rejects_a_non_positive_amount(decimal amount) =>
        ShouldReject(Revenue(amount), "payload.amount", "non_positive_amount");

    [Theory]
    [InlineData("XYZ")]
    [InlineData("EURO")]
    [InlineData("")]
    [InlineData("XTS")]
    public void Rejects_an_unknown_currency(string currency) =>
        ShouldReject(Revenue() with { Currency = currency }, "payload.currency", "unknown_currency");

    [Fact]
    public void Accepts_a_lower_case_currency_and_normalises_it()
    {
        var payload = Revenue() with { Currency = "usd" };
        PayloadValidation.Validate(payload).ShouldBeEmpty();
        PayloadValidation.Normalise(payload).ShouldBe(payload with { Currency = "USD" });
    }

    [Fact]
    public void Rejects_an_undefined_money_direction() =>
        ShouldReject(Revenue() with { Direction = (MoneyDirection)9 }, "payload.direction", "invalid_value");

    [Fact]
    public void Rejects_a_reference_longer_than_two_hundred_characters() =>
        ShouldReject(Revenue() with { Reference = new string('r', 201) }, "payload.reference", "too_long");

    [Fact]
    public void Rejects_an_informational_payload_without_topic() =>
        ShouldReject(Answer() with { Topic = "  " }, "payload.topic", "required");

    [Fact]
    public void Rejects_a_topic_longer_than_two_hundred_characters() =>
        ShouldReject(Answer() with { Topic = new string('t', 201) }, "payload.topic", "too_long");

    [Fact]
    public void Rejects_a_topic_with_control_characters() =>
        ShouldReject(Answer() with { Topic = "line\nbreak" }, "payload.topic", "control_characters");

    [Fact]
    public void Rejects_an_undefined_information_kind() =>
        ShouldReject(Answer() with { What = (InformationKind)9 }, "payload.what", "invalid_value");

    [Fact]
    public void Rejects_building_on_an_empty_id() =>
        ShouldReject(Answer(Guid.Empty), "payload.buildsOn", "empty_id");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Rejects_a_non_positive_quantity(decimal quantity) =>
        ShouldReject(Delivery(quantity), "payload.quantity", "non_positive_quantity");

    [Fact]
    public void Rejects_a_logistical_payload_without_item() =>
        ShouldReject(Delivery() with { Item = "" }, "payload.item", "required");

    [Fact]
    public void Rejects_a_logistical_payload_without_unit() =>
        ShouldReject(Delivery() with { Unit = "" }, "payload.unit", "required");

    [Fact]
    public void Rejects_an_undefined_logistical_status() =>
        ShouldReject(Delivery() with { Status = (LogisticalStatus)9 }, "payload.status", "invalid_value");

    [Theory]
    [InlineData("-1.01")]
    [InlineData("1.5")]
    public void Rejects_a_valence_out_of_range(string valence) =>
        ShouldReject(Gratitude(valence: decimal.Parse(valence, System.Globalization.CultureInfo.InvariantCulture)), "payload.valence", "valence_out_of_range");

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Accepts_valence_at_the_bounds(int valence) =>
        PayloadValidation.Validate(Gratitude(valence: valence)).ShouldBeEmpty();

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Rejects_an_intensity_out_of_range(int intensity) =>
        ShouldReject(Gratitude(intensity: intensity), "payload.intensity", "intensity_out_of_range");

    [Fact]
    public void Rejects_an_undefined_emotional_signal() =>
        ShouldReject(Gratitude() with { Signal = (EmotionalSignal)9 }, "payload.signal", "invalid_value");

    [Fact]
    public void Reports_every_error_of_a_payload_at_once() =>
        PayloadValidation.Validate(new EmotionalPayload((EmotionalSignal)9, 2m, 0)).Count.ShouldBe(3);
}
