using Ledger.Domain.Common;

namespace Ledger.Domain.Interactions;

/// <summary>
/// Pure validation and normalisation of transaction payloads. Errors are field paths relative to
/// <c>prefix</c> (e.g. <c>payload.amount</c>) so the HTTP layer can report them as RFC 9457 field errors.
/// Existence of <see cref="InformationalPayload.BuildsOn"/> depends on state and is checked by the decider.
/// </summary>
public static class PayloadValidation
{
    public const int MaxReferenceLength = 200;
    public const int MaxTopicLength = 200;
    public const int MaxItemLength = 200;
    public const int MaxUnitLength = 20;
    public const decimal MinValence = -1m;
    public const decimal MaxValence = 1m;
    public const int MinIntensity = 1;
    public const int MaxIntensity = 5;

    public static IReadOnlyList<FieldError> Validate(TransactionPayload? payload, string prefix = "payload.")
    {
        var checks = new Checks(prefix);
        switch (payload)
        {
            case null:
                checks.Add("", "required", "A payload is required.");
                break;
            case MonetaryPayload m:
                checks.AddRange(Money.Validate(m.Amount, m.Currency, prefix));
                checks.Defined("direction", m.Direction);
                checks.Text("reference", m.Reference, MaxReferenceLength, required: false);
                break;
            case InformationalPayload i:
                checks.Defined("what", i.What);
                checks.Text("topic", i.Topic, MaxTopicLength);
                checks.That(i.BuildsOn != Guid.Empty, "buildsOn", "empty_id", "Must be a non-empty id when present.");
                break;
            case LogisticalPayload l:
                checks.Text("item", l.Item, MaxItemLength);
                checks.That(l.Quantity > 0, "quantity", "non_positive_quantity", "Quantity must be greater than zero.");
                checks.Text("unit", l.Unit, MaxUnitLength);
                checks.Defined("status", l.Status);
                break;
            case EmotionalPayload e:
                checks.Defined("signal", e.Signal);
                checks.That(e.Valence is >= MinValence and <= MaxValence, "valence", "valence_out_of_range", "Valence must be between -1 and +1.");
                checks.That(e.Intensity is >= MinIntensity and <= MaxIntensity, "intensity", "intensity_out_of_range", "Intensity must be between 1 and 5.");
                break;
        }

        return checks.Errors;
    }

    /// <summary>Trims text and upper-cases the currency; call only on a payload that validated.</summary>
    public static TransactionPayload Normalise(TransactionPayload payload) => payload switch
    {
        MonetaryPayload m => m with
        {
            Currency = CurrencyCodes.Normalise(m.Currency),
            Reference = string.IsNullOrWhiteSpace(m.Reference) ? null : m.Reference.Trim(),
        },
        InformationalPayload i => i with { Topic = i.Topic.Trim() },
        LogisticalPayload l => l with { Item = l.Item.Trim(), Unit = l.Unit.Trim() },
        _ => payload,
    };
}
