using Ledger.Api.Commands;
using Ledger.Api.Idempotency;
using Ledger.Api.Security;
using Ledger.Domain.Common;
using Ledger.Domain.Decisions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Decisions;

/// <summary>Decisions with their rationale and what informed them: the lineage auditors follow.</summary>
public static class DecisionsApi
{
    public static readonly Decider<DecisionCommand, DecisionState, DecisionEvent> Decider =
        new(DecisionDecider.Initial, DecisionDecider.Evolve, DecisionDecider.Decide);

    public sealed record RecordRequest(
        string Title, string Rationale, Guid DecidedBy, DateTimeOffset DecidedAt,
        IReadOnlyList<EntityRef>? InformedBy = null, Guid? Supersedes = null, Guid? DecisionId = null);

    public sealed record DecisionView(Guid DecisionId, long Version, object State);

    public static RouteGroupBuilder MapDecisionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/decisions").WithTags("Decisions");
        group.MapPost("/", Record).Admits(Roles.Executive, Roles.Finance, Roles.Pilot)
            .WithSummary("Record a decision, its rationale and what informed it (optionally superseding an earlier one)");
        // Admins too: the dashboard's audit view (auditor, admin) picks a decision's lineage from this list.
        group.MapGet("/", DecisionList.List).Admits([.. Roles.Readers, Roles.Admin])
            .WithSummary($"The decisions recorded up to a position (?asOf= or ?at=, the head by default), newest first; ?limit= (at most {DecisionList.MaxPageSize}) and ?before= for older pages");
        group.MapGet("/{decisionId:guid}", Get).Admits(Roles.Readers).WithSummary("Read a decision; ?asOf=position for time travel");
        return group;
    }

    public static async Task<Created<DecisionView>> Record(RecordRequest request, HttpContext http, CommandExecutor executor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var id = request.DecisionId ?? RequestIds.For(http, "decision");
        var referenced = (request.InformedBy ?? []).Append(new EntityRef(EntityKind.Participant, request.DecidedBy)).ToList();
        if (request.Supersedes is { } old)
        {
            referenced.Add(new EntityRef(EntityKind.Decision, old));
            // Refuse before writing anything, rather than record the new decision and fail on the old one.
            var (oldState, _) = await executor.LoadAsync(StreamIds.Decision(old), Decider, cancellationToken);
            if (oldState is DecisionState.Recorded { SupersededBy: { } by } && by != id)
                throw DomainException.Conflict("decision_already_superseded", $"Decision {old} was already superseded by {by}.");
        }
        var outcome = await executor.ExecuteAsync(http, StreamIds.Decision(id),
            new RecordDecision(id, request.Title, request.Rationale, request.DecidedBy, request.DecidedAt, request.InformedBy, request.Supersedes),
            Decider, referenced, cancellationToken);
        if (request.Supersedes is { } superseded)
        {
            // The second step of superseding: mark the old decision. A retry of it is a no-op in the decider.
            await executor.ExecuteAsync(http, StreamIds.Decision(superseded), new SupersedeDecision(superseded, id, request.DecidedAt),
                Decider, [new EntityRef(EntityKind.Decision, id)], cancellationToken);
        }
        http.Response.Headers.ETag = outcome.ETag;
        return TypedResults.Created($"/api/decisions/{id}", new DecisionView(id, outcome.Version, outcome.State));
    }

    public static async Task<Ok<DecisionView>> Get(Guid decisionId, long? asOf, HttpContext http, CommandExecutor executor, CancellationToken cancellationToken)
    {
        var (state, version) = await executor.LoadAsync(StreamIds.Decision(decisionId), Decider, cancellationToken, asOf);
        if (version == 0) throw DomainException.NotFound("decision_not_found", $"Decision {decisionId} does not exist.");
        http.Response.Headers.ETag = $"\"{version}\"";
        return TypedResults.Ok(new DecisionView(decisionId, version, state));
    }
}
