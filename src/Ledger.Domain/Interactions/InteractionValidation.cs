using Ledger.Domain.Common;

namespace Ledger.Domain.Interactions;

/// <summary>
/// Pure, state-free validation of interaction input. Each method returns the field errors found, with paths
/// prefixed by <c>prefix</c> (e.g. <c>interactions[3].</c>), and never throws.
/// </summary>
public static class InteractionValidation
{
    public const int MaxReceivers = 1_000;
    public const int MaxSourceSystemLength = 50;
    public const int MaxSourceIdLength = 200;
    public const int MaxRuleIdLength = 100;
    public const int MaxReasonLength = 1_000;

    public static IReadOnlyList<FieldError> Validate(NewInteraction? interaction, string prefix = "")
    {
        var checks = new Checks(prefix);
        if (interaction is null)
        {
            checks.Add("", "required", "An interaction is required.");
            return checks.Errors;
        }

        checks.Id("interactionId", interaction.InteractionId);
        checks.Id("senderId", interaction.SenderId);
        var receivers = interaction.ReceiverIds ?? [];
        checks.That(receivers.Count > 0, "receiverIds", "required", "At least one receiver is required.");
        checks.That(receivers.Count <= MaxReceivers, "receiverIds", "too_many", $"At most {MaxReceivers} receivers.");
        checks.That(!receivers.Contains(Guid.Empty), "receiverIds", "empty_id", "Receiver ids must be non-empty.");
        checks.That(!receivers.Contains(interaction.SenderId), "receiverIds", "receiver_is_sender", "The sender cannot also be a receiver.");
        checks.That(ContentHash.IsValid(ContentHash.Normalise(interaction.ContentHash)), "contentHash", "invalid_content_hash",
            "Must be a SHA-256 digest as 64 hexadecimal characters.");
        if (interaction.Source is null)
            checks.Add("source", "required", "A source reference is required.");
        else
        {
            checks.Text("source.system", interaction.Source.System, MaxSourceSystemLength);
            checks.Text("source.id", interaction.Source.Id, MaxSourceIdLength);
        }

        checks.AddRange(PayloadValidation.Validate(interaction.Payload, prefix + "payload."));
        checks.That(interaction.Payload is not InformationalPayload { BuildsOn: { } on } || on != interaction.InteractionId,
            "payload.buildsOn", "builds_on_self", "An interaction cannot build on itself.");
        checks.AddRange(Validate(interaction.Classification, prefix + "classification."));
        return checks.Errors;
    }

    public static IReadOnlyList<FieldError> Validate(Classification? classification, string prefix = "classification.")
    {
        var checks = new Checks(prefix);
        if (classification is null)
        {
            checks.Add("", "required", "A classification is required.");
            return checks.Errors;
        }

        checks.Defined("source", classification.Source);
        var ruleId = checks.Text("ruleId", classification.RuleId, MaxRuleIdLength, required: classification.Source == ClassificationSource.Rule);
        checks.That(ruleId is null || classification.Source == ClassificationSource.Rule, "ruleId", "not_allowed",
            "Only rule classifications carry a rule id.");
        checks.That(classification.Confidence is >= 0m and <= 1m, "confidence", "confidence_out_of_range",
            "Confidence must be between 0 and 1.");
        return checks.Errors;
    }

    internal static Classification Normalise(Classification classification) =>
        classification with { RuleId = string.IsNullOrWhiteSpace(classification.RuleId) ? null : classification.RuleId.Trim() };

    internal static SourceRef Normalise(SourceRef source) => new(source.System.Trim(), source.Id.Trim());
}
