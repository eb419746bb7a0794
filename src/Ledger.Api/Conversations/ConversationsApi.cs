using Ledger.Api.Commands;
using Ledger.Api.Idempotency;
using Ledger.Api.Security;
using Ledger.Domain;
using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Conversations;

/// <summary>Conversations (tracks): open, join, leave, close, reopen, read. Interactions are in <see cref="InteractionsApi"/>.</summary>
public static class ConversationsApi
{
    /// <summary>
    /// Interactions a cached conversation state keeps before it is trimmed: a long conversation is cached without its
    /// interactions, and a command learns the few it names from the log (see <see cref="TrimmedTracks"/>).
    /// </summary>
    public const int CachedInteractionsPerConversation = 1_000;

    public static readonly Decider<ConversationCommand, ConversationState, ConversationEvent> Decider =
        new(ConversationDecider.Initial, ConversationDecider.Evolve, ConversationDecider.Decide)
        {
            Weight = TrimmedTracks.ApproximateBytes,
            Partial = new(
                state => TrimmedTracks.Trim(state, CachedInteractionsPerConversation),
                TrimmedTracks.Unknown,
                "interactionId",
                [.. new[] { typeof(InteractionRecorded), typeof(InteractionReclassified), typeof(InteractionVoided) }.Select(t => EventTypes.Of(t).Name)],
                TrimmedTracks.Learn),
        };

    public sealed record OpenConversationRequest(
        Channel Channel,
        IReadOnlyList<Guid> ParticipantIds,
        Guid? ConversationId = null,
        Guid? InitiativeId = null,
        IReadOnlyList<string>? Tags = null,
        DateTimeOffset? OpenedAt = null);

    public sealed record MemberRequest(Guid ParticipantId, DateTimeOffset? At = null);

    public sealed record CloseRequest(ConversationOutcome Outcome, DateTimeOffset? ClosedAt = null);

    public sealed record ReopenRequest(DateTimeOffset? ReopenedAt = null);

    public static RouteGroupBuilder MapConversationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/conversations").WithTags("Conversations");
        group.MapPost("/", Open).Admits(Roles.Recorder).WithSummary("Open a conversation (a track) on a channel with participants");
        group.MapGet("/{conversationId:guid}", Get).Admits(Roles.Readers).WithSummary("Read a conversation and its effective interactions; ?asOf=position for time travel");
        group.MapPost("/{conversationId:guid}/join", Join).Admits(Roles.Recorder).WithSummary("A participant joins the conversation");
        group.MapPost("/{conversationId:guid}/leave", Leave).Admits(Roles.Recorder).WithSummary("A participant leaves the conversation");
        group.MapPost("/{conversationId:guid}/close", Close).Admits(Roles.Recorder).WithSummary("Close the conversation with an outcome");
        group.MapPost("/{conversationId:guid}/reopen", Reopen).Admits(Roles.Recorder).WithSummary("Reopen a closed conversation");
        return group;
    }

    public static async Task<Created<ConversationView>> Open(
        OpenConversationRequest request, HttpContext http, CommandExecutor executor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var id = request.ConversationId ?? RequestIds.For(http, "conversation");
        var command = new OpenConversation(id, request.Channel, request.ParticipantIds, request.InitiativeId, request.Tags, request.OpenedAt ?? clock.GetUtcNow());
        var referenced = request.ParticipantIds.Select(p => new EntityRef(EntityKind.Participant, p)).ToList();
        if (request.InitiativeId is { } initiative) referenced.Add(new EntityRef(EntityKind.Initiative, initiative));
        var outcome = await executor.ExecuteAsync(http, StreamIds.Conversation(id), command, Decider, referenced, cancellationToken);
        http.Response.Headers.ETag = outcome.ETag;
        return TypedResults.Created($"/api/conversations/{id}", await ConversationView.LoadAsync(executor, id, null, outcome.Version, cancellationToken)
            ?? throw ConversationView.NotFound(id));
    }

    public static async Task<Ok<ConversationView>> Get(
        Guid conversationId, long? asOf, HttpContext http, CommandExecutor executor, CancellationToken cancellationToken)
    {
        var view = await ConversationView.LoadAsync(executor, conversationId, asOf, null, cancellationToken);
        if (view is null) throw DomainException.NotFound("conversation_not_found", $"Conversation {conversationId} does not exist{(asOf is null ? "" : $" as of position {asOf}")}.");
        http.Response.Headers.ETag = $"\"{view.Version}\"";
        return TypedResults.Ok(view);
    }

    public static Task<Ok<ConversationView>> Join(Guid conversationId, MemberRequest request, HttpContext http, CommandExecutor executor, TimeProvider clock, CancellationToken cancellationToken) =>
        Execute(conversationId, new JoinConversation(conversationId, request.ParticipantId, request.At ?? clock.GetUtcNow()),
            [new EntityRef(EntityKind.Participant, request.ParticipantId)], http, executor, cancellationToken);

    public static Task<Ok<ConversationView>> Leave(Guid conversationId, MemberRequest request, HttpContext http, CommandExecutor executor, TimeProvider clock, CancellationToken cancellationToken) =>
        Execute(conversationId, new LeaveConversation(conversationId, request.ParticipantId, request.At ?? clock.GetUtcNow()), [], http, executor, cancellationToken);

    public static Task<Ok<ConversationView>> Close(Guid conversationId, CloseRequest request, HttpContext http, CommandExecutor executor, TimeProvider clock, CancellationToken cancellationToken) =>
        Execute(conversationId, new CloseConversation(conversationId, request.Outcome, request.ClosedAt ?? clock.GetUtcNow()), [], http, executor, cancellationToken);

    public static Task<Ok<ConversationView>> Reopen(Guid conversationId, ReopenRequest? request, HttpContext http, CommandExecutor executor, TimeProvider clock, CancellationToken cancellationToken) =>
        Execute(conversationId, new ReopenConversation(conversationId, request?.ReopenedAt ?? clock.GetUtcNow()), [], http, executor, cancellationToken);

    internal static async Task<Ok<ConversationView>> Execute(
        Guid conversationId, ConversationCommand command, IEnumerable<EntityRef> referenced, HttpContext http, CommandExecutor executor, CancellationToken cancellationToken)
    {
        var outcome = await executor.ExecuteAsync(http, StreamIds.Conversation(conversationId), command, Decider, referenced, cancellationToken);
        http.Response.Headers.ETag = outcome.ETag;
        return TypedResults.Ok(await ConversationView.LoadAsync(executor, conversationId, null, outcome.Version, cancellationToken)
            ?? throw ConversationView.NotFound(conversationId));
    }
}
