using Ledger.Api.Commands;
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
    /// <summary>
    /// Folds the stream (as of a position, or up to a version): the decider's state for the track, and the recorded
    /// events themselves for the interactions, which the decider's state keeps only as fingerprints. Null when the
    /// conversation was not opened.
    /// </summary>
    public static async Task<ConversationView?> LoadAsync(
        CommandExecutor executor, Guid id, long? asOfPosition, long? toVersion, CancellationToken cancellationToken)
    {
        var state = ConversationDecider.Initial;
        long version = 0;
        var interactions = new Dictionary<Guid, InteractionView>();
        await foreach (var (@event, streamVersion) in executor.ReadAsync(StreamIds.Conversation(id), asOfPosition, toVersion, cancellationToken))
        {
            version = streamVersion;
            if (@event is not ConversationEvent e) continue;
            state = ConversationDecider.Evolve(state, e);
            switch (e)
            {
                case InteractionRecorded r:
                    interactions[r.InteractionId] = new InteractionView(
                        r.InteractionId, r.SenderId, r.ReceiverIds, r.OccurredAt, r.ContentHash, r.Source, r.Payload.Kind, r.Payload, r.Classification, false);
                    break;
                case InteractionReclassified r when interactions.TryGetValue(r.InteractionId, out var view):
                    interactions[r.InteractionId] = view with { Kind = r.Payload.Kind, Payload = r.Payload, Classification = r.Classification };
                    break;
                case InteractionVoided v when interactions.TryGetValue(v.InteractionId, out var view):
                    interactions[v.InteractionId] = view with { Voided = true };
                    break;
            }
        }

        if (state is not ConversationState.Started started) return null;
        var track = started.Track;
        return new ConversationView(
            id, version,
            state is ConversationState.Closed ? "closed" : "open",
            track.Opened.Channel, track.Opened.InitiativeId, track.Opened.Tags, track.Opened.OpenedAt,
            (state as ConversationState.Closed)?.Outcome,
            [.. track.Members.Order()], [.. track.FormerMembers.Order()],
            [.. interactions.Values.OrderBy(i => i.OccurredAt).ThenBy(i => i.InteractionId)]);
    }

    public static DomainException NotFound(Guid id) =>
        DomainException.NotFound("conversation_not_found", $"Conversation {id} does not exist.");
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
    bool Voided);
