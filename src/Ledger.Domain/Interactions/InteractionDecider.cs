using Ledger.Domain.Common;
using Ledger.Domain.Conversations;

namespace Ledger.Domain.Interactions;

/// <summary>
/// The interaction half of the conversation decider: recording, reclassifying and voiding interactions.
/// Reached through <see cref="ConversationDecider.Decide"/>, which owns the conversation's state.
/// </summary>
public static class InteractionDecider
{
    public const int MaxBatchSize = 1_000;

    internal static IReadOnlyList<ConversationEvent> Record(
        Guid conversationId, IReadOnlyList<NewInteraction> batch, string prefix, ConversationState state, ReferenceExists exists)
    {
        Validate(batch, prefix);
        if (state is not ConversationState.Started started)
            throw ConversationDecider.NotFound(conversationId);

        var track = started.Track;
        var events = new List<ConversationEvent>();
        foreach (var draft in batch)
        {
            var recorded = ToEvent(conversationId, draft);
            if (track.TryFind(recorded.InteractionId, out var existing))
            {
                if (existing.Recorded == InteractionFingerprint.Of(recorded))
                    continue;
                throw DomainException.Conflict("interaction_already_recorded",
                    $"Interaction {recorded.InteractionId} was already recorded with different content.");
            }

            if (state is ConversationState.Closed)
                throw DomainException.Conflict("conversation_closed", $"Conversation {conversationId} is closed.");
            if (!track.IsMember(recorded.SenderId))
                throw DomainException.Conflict("sender_not_in_conversation", $"Sender {recorded.SenderId} is not in the conversation.");
            foreach (var receiver in recorded.ReceiverIds)
            {
                if (!track.IsMember(receiver))
                    throw DomainException.Conflict("receiver_not_in_conversation", $"Receiver {receiver} is not in the conversation.");
            }

            CheckBuildsOn(recorded.Payload, track, exists);

            events.Add(recorded);
            track = track.Apply(recorded);
        }

        return events;
    }

    internal static IReadOnlyList<ConversationEvent> Reclassify(ReclassifyInteraction c, ConversationState state, ReferenceExists exists)
    {
        var checks = new Checks();
        checks.Id("interactionId", c.InteractionId);
        checks.AddRange(PayloadValidation.Validate(c.Payload));
        checks.That(c.Payload is not InformationalPayload { BuildsOn: { } on } || on != c.InteractionId,
            "payload.buildsOn", "builds_on_self", "An interaction cannot build on itself.");
        checks.AddRange(InteractionValidation.Validate(c.Classification));
        var reason = checks.Text("reason", c.Reason, InteractionValidation.MaxReasonLength);
        checks.Id("reclassifiedBy", c.ReclassifiedBy);
        checks.ThrowIfAny("The reclassification is invalid.");

        var (track, entry) = Find(c.ConversationId, c.InteractionId, state);
        if (entry.Voided)
            throw DomainException.Conflict("interaction_voided", $"Interaction {c.InteractionId} is voided.");
        var payload = PayloadValidation.Normalise(c.Payload);
        var classification = InteractionValidation.Normalise(c.Classification);
        if (entry.Current == InteractionFingerprint.Of(payload, classification))
            return [];
        ConversationDecider.RequireParticipant(c.ReclassifiedBy, exists);
        CheckBuildsOn(payload, track, exists);
        return [new InteractionReclassified(c.ConversationId, c.InteractionId, payload, classification, reason!, c.ReclassifiedBy, c.ReclassifiedAt)];
    }

    internal static IReadOnlyList<ConversationEvent> Void(VoidInteraction c, ConversationState state, ReferenceExists exists)
    {
        var checks = new Checks();
        checks.Id("interactionId", c.InteractionId);
        var reason = checks.Text("reason", c.Reason, InteractionValidation.MaxReasonLength);
        checks.Id("voidedBy", c.VoidedBy);
        checks.ThrowIfAny("The void is invalid.");

        var (_, entry) = Find(c.ConversationId, c.InteractionId, state);
        if (entry.Voided)
            return [];
        ConversationDecider.RequireParticipant(c.VoidedBy, exists);
        return [new InteractionVoided(c.ConversationId, c.InteractionId, reason!, c.VoidedBy, c.VoidedAt)];
    }

    private static void Validate(IReadOnlyList<NewInteraction> batch, string prefix)
    {
        var checks = new Checks();
        if (batch is not { Count: > 0 })
            checks.Add("interactions", "required", "At least one interaction is required.");
        else if (batch.Count > MaxBatchSize)
            checks.Add("interactions", "batch_too_large", $"At most {MaxBatchSize} interactions per batch.");
        else
        {
            var seen = new HashSet<Guid>();
            for (var i = 0; i < batch.Count; i++)
            {
                var at = string.Format(System.Globalization.CultureInfo.InvariantCulture, prefix, i);
                checks.AddRange(InteractionValidation.Validate(batch[i], at));
                if (batch[i] is { } item && !seen.Add(item.InteractionId))
                    checks.Add(at + "interactionId", "duplicate_interaction_id", "The same interaction id appears twice in the batch.");
            }
        }

        checks.ThrowIfAny("The interactions are invalid.");
    }

    private static InteractionRecorded ToEvent(Guid conversationId, NewInteraction d) => new(
        conversationId,
        d.InteractionId,
        d.SenderId,
        [.. d.ReceiverIds.Distinct()],
        d.OccurredAt,
        ContentHash.Normalise(d.ContentHash),
        InteractionValidation.Normalise(d.Source),
        PayloadValidation.Normalise(d.Payload),
        InteractionValidation.Normalise(d.Classification));

    private static (ConversationTrack Track, InteractionEntry Entry) Find(Guid conversationId, Guid interactionId, ConversationState state)
    {
        if (state is not ConversationState.Started { Track: var track })
            throw ConversationDecider.NotFound(conversationId);
        if (!track.TryFind(interactionId, out var entry))
            throw DomainException.NotFound("interaction_not_found", $"Interaction {interactionId} is not in conversation {conversationId}.");
        return (track, entry);
    }

    /// <summary>
    /// "Builds on" must name an informational interaction that exists: looked up first in this conversation
    /// (where it must not be voided and must currently be informational), then, for compounding across
    /// conversations, through <paramref name="exists"/> with <see cref="EntityKind.InformationalInteraction"/>.
    /// </summary>
    private static void CheckBuildsOn(TransactionPayload payload, ConversationTrack track, ReferenceExists exists)
    {
        if (payload is not InformationalPayload { BuildsOn: { } on })
            return;
        if (track.TryFind(on, out var earlier))
        {
            if (earlier.Voided || earlier.Kind != TransactionKind.Informational)
                throw DomainException.Conflict("builds_on_not_informational", $"Interaction {on} is not an informational transaction.");
            return;
        }

        if (!exists(new EntityRef(EntityKind.InformationalInteraction, on)))
            throw DomainException.NotFound("unknown_builds_on", $"Informational interaction {on} does not exist.");
    }
}
