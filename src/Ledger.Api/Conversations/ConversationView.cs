using Ledger.Domain;
using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;

namespace Ledger.Api.Conversations;

/// <summary>A conversation as the API returns it: its track, members, and interactions in their corrected form.</summary>
public sealed record ConversationView(
    Guid ConversationId,
    long Version,
    string Status,
    Channel Channel,
    Guid? InitiativeId,
    IReadOnlyList<string> Tags,
    DateTimeOffset OpenedAt,
    ConversationOutcome? Outcome,
    IReadOnlyList<Guid> Members,
    IReadOnlyList<Guid> FormerMembers,
    IReadOnlyList<InteractionView> Interactions)
{
    public static ConversationView From(Guid id, ConversationState state, long version)
    {
        if (state is not ConversationState.Started started)
            throw DomainException.NotFound("conversation_not_found", $"Conversation {id} does not exist.");
        var track = started.Track;
        return new ConversationView(
            id, version,
            state is ConversationState.Closed ? "closed" : "open",
            track.Opened.Channel, track.Opened.InitiativeId, track.Opened.Tags, track.Opened.OpenedAt,
            (state as ConversationState.Closed)?.Outcome,
            [.. track.Members.Order()], [.. track.FormerMembers.Order()],
            [.. track.Interactions.Values.OrderBy(i => i.Recorded.OccurredAt).ThenBy(i => i.Recorded.InteractionId).Select(InteractionView.From)]);
    }
}

/// <summary>One interaction: its current classification, and whether it was corrected. Never the content, only its hash.</summary>
public sealed record InteractionView(
    Guid InteractionId,
    Guid SenderId,
    IReadOnlyList<Guid> ReceiverIds,
    DateTimeOffset OccurredAt,
    string ContentHash,
    SourceRef Source,
    TransactionKind Kind,
    TransactionPayload Payload,
    Classification Classification,
    bool Voided)
{
    public static InteractionView From(RecordedInteraction i) =>
        new(i.Recorded.InteractionId, i.Recorded.SenderId, i.Recorded.ReceiverIds, i.Recorded.OccurredAt, i.Recorded.ContentHash,
            i.Recorded.Source, i.Payload.Kind, i.Payload, i.Classification, i.Voided);
}
