using System.Security.Cryptography;
using System.Text;
using Ledger.Api.Commands;
using Ledger.Api.Hosting;
using Ledger.Api.Idempotency;
using Ledger.Api.Security;
using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Conversations;

/// <summary>
/// Records interactions as classified transactions, singly or in atomic batches, and corrects them (reclassify, void).
/// A request may carry the raw <c>content</c> only so that the server can hash it: the text is hashed here, in memory,
/// and never persisted, logged or returned.
/// </summary>
public static class InteractionsApi
{
    public sealed record InteractionRequest(
        Guid SenderId,
        IReadOnlyList<Guid> ReceiverIds,
        DateTimeOffset OccurredAt,
        TransactionPayload Payload,
        SourceRef Source,
        Guid? InteractionId = null,
        string? Content = null,
        string? ContentHash = null,
        Classification? Classification = null);

    public sealed record BatchRequest(IReadOnlyList<InteractionRequest> Interactions);

    public sealed record ReclassifyRequest(TransactionPayload Payload, string Reason, Guid ReclassifiedBy, Classification? Classification = null, DateTimeOffset? At = null);

    public sealed record VoidRequest(string Reason, Guid VoidedBy, DateTimeOffset? At = null);

    public sealed record RecordedResponse(Guid ConversationId, long Version, IReadOnlyList<Guid> InteractionIds, long? Position);

    public static RouteGroupBuilder MapInteractionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/conversations/{conversationId:guid}/interactions").WithTags("Interactions");
        group.MapPost("/", Record).Admits(Roles.Recorder)
            .WithSummary("Record one interaction as a classified transaction");
        group.MapPost("/batch", RecordBatch).Admits(Roles.Recorder)
            .WithSummary($"Record up to {Limits.MaxInteractionsPerBatch} interactions of one conversation atomically");
        group.MapPost("/{interactionId:guid}/reclassify", Reclassify).Admits(Roles.Recorder)
            .WithSummary("Correct an interaction's classification (a new event; the original stays in the log)");
        group.MapPost("/{interactionId:guid}/void", Void).Admits(Roles.Recorder)
            .WithSummary("Void an interaction (a new event; reports stop counting it)");
        return group;
    }

    public static async Task<Created<RecordedResponse>> Record(
        Guid conversationId, InteractionRequest request, HttpContext http, CommandExecutor executor, CancellationToken cancellationToken)
    {
        var interaction = ToNew(request, http, "interactions[0]", 0);
        return await RecordAsync(conversationId, [interaction], http, executor, cancellationToken);
    }

    public static async Task<Created<RecordedResponse>> RecordBatch(
        Guid conversationId, BatchRequest request, HttpContext http, CommandExecutor executor, CancellationToken cancellationToken)
    {
        if (request.Interactions.Count > Limits.MaxInteractionsPerBatch)
            throw new ClientInputException("interactions", $"A batch holds at most {Limits.MaxInteractionsPerBatch} interactions; this one has {request.Interactions.Count}.", "batch_too_large");
        var interactions = request.Interactions.Select((r, i) => ToNew(r, http, $"interactions[{i}]", i)).ToList();
        return await RecordAsync(conversationId, interactions, http, executor, cancellationToken);
    }

    private static async Task<Created<RecordedResponse>> RecordAsync(
        Guid conversationId, IReadOnlyList<NewInteraction> interactions, HttpContext http, CommandExecutor executor, CancellationToken cancellationToken)
    {
        var buildsOn = interactions.Select(i => i.Payload).OfType<InformationalPayload>().Where(p => p.BuildsOn is not null)
            .Select(p => new EntityRef(EntityKind.InformationalInteraction, p.BuildsOn!.Value));
        var outcome = await executor.ExecuteAsync(http, StreamIds.Conversation(conversationId),
            new RecordInteractions(conversationId, interactions), ConversationsApi.Decider, buildsOn, cancellationToken);
        http.Response.Headers.ETag = outcome.ETag;
        return TypedResults.Created($"/api/conversations/{conversationId}",
            new RecordedResponse(conversationId, outcome.Version, [.. interactions.Select(i => i.InteractionId)], outcome.LastPosition));
    }

    public static Task<Ok<ConversationView>> Reclassify(
        Guid conversationId, Guid interactionId, ReclassifyRequest request, HttpContext http, CommandExecutor executor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var command = new ReclassifyInteraction(conversationId, interactionId, request.Payload,
            request.Classification ?? new Classification(ClassificationSource.Manual, null, 1m), request.Reason, request.ReclassifiedBy, request.At ?? clock.GetUtcNow());
        var referenced = new List<EntityRef> { new(EntityKind.Participant, request.ReclassifiedBy) };
        if (request.Payload is InformationalPayload { BuildsOn: { } on }) referenced.Add(new EntityRef(EntityKind.InformationalInteraction, on));
        return ConversationsApi.Execute(conversationId, command, referenced, http, executor, cancellationToken);
    }

    public static Task<Ok<ConversationView>> Void(
        Guid conversationId, Guid interactionId, VoidRequest request, HttpContext http, CommandExecutor executor, TimeProvider clock, CancellationToken cancellationToken) =>
        ConversationsApi.Execute(conversationId, new VoidInteraction(conversationId, interactionId, request.Reason, request.VoidedBy, request.At ?? clock.GetUtcNow()),
            [new EntityRef(EntityKind.Participant, request.VoidedBy)], http, executor, cancellationToken);

    private static NewInteraction ToNew(InteractionRequest request, HttpContext http, string field, int index) =>
        new(request.InteractionId ?? RequestIds.For(http, $"interaction:{index}"),
            request.SenderId, request.ReceiverIds, request.OccurredAt, ContentHashOf(request, field), request.Source, request.Payload,
            request.Classification ?? new Classification(ClassificationSource.Manual, null, 1m));

    /// <summary>The SHA-256 of the raw content (hashed here, then dropped), or the hash the client computed itself.</summary>
    private static string ContentHashOf(InteractionRequest request, string field)
    {
        if (request.Content is not null && request.ContentHash is not null)
            throw new ClientInputException($"{field}.content", "Send either content (hashed by the server, never stored) or contentHash, not both.", "content_and_hash");
        if (request.Content is not null)
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Content)));
        return request.ContentHash
               ?? throw new ClientInputException($"{field}.contentHash", "Either content or contentHash (SHA-256, 64 hex characters) is required.", "content_hash_required");
    }
}
