using Ledger.Api.Commands;
using Ledger.Api.Idempotency;
using Ledger.Api.Security;
using Ledger.Domain.Common;
using Ledger.Domain.Initiatives;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Initiatives;

/// <summary>Initiatives — the investments ROI is measured against — and the costs they incur.</summary>
public static class InitiativesApi
{
    public static readonly Decider<InitiativeCommand, InitiativeState, InitiativeEvent> Decider =
        new(InitiativeDecider.Initial, InitiativeDecider.Evolve, InitiativeDecider.Decide);

    public sealed record LaunchRequest(string Name, Guid OwnerId, string Hypothesis, DateTimeOffset StartsAt, DateTimeOffset? PlannedEndAt = null, Guid? InitiativeId = null);

    public sealed record CostRequest(decimal Amount, string Currency, CostCategory Category, DateTimeOffset IncurredAt, Guid? CostId = null);

    public sealed record EndRequest(DateTimeOffset EndedAt);

    public sealed record InitiativeView(Guid InitiativeId, long Version, object State);

    public static RouteGroupBuilder MapInitiativesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/initiatives").WithTags("Initiatives");
        group.MapPost("/", Launch).Admits(Roles.Finance, Roles.Executive).WithSummary("Launch an initiative with its stated hypothesis");
        group.MapGet("/{initiativeId:guid}", Get).Admits(Roles.Readers).WithSummary("Read an initiative and its costs; ?asOf=position for time travel");
        group.MapPost("/{initiativeId:guid}/costs", IncurCost).Admits(Roles.Finance).WithSummary("Record a cost incurred by the initiative");
        group.MapPost("/{initiativeId:guid}/end", End).Admits(Roles.Finance, Roles.Executive).WithSummary("End the initiative");
        return group;
    }

    public static async Task<Created<InitiativeView>> Launch(LaunchRequest request, HttpContext http, CommandExecutor executor, CancellationToken cancellationToken)
    {
        var id = request.InitiativeId ?? RequestIds.For(http, "initiative");
        var outcome = await executor.ExecuteAsync(http, StreamIds.Initiative(id),
            new LaunchInitiative(id, request.Name, request.OwnerId, request.Hypothesis, request.StartsAt, request.PlannedEndAt),
            Decider, [new EntityRef(EntityKind.Participant, request.OwnerId)], cancellationToken);
        http.Response.Headers.ETag = outcome.ETag;
        return TypedResults.Created($"/api/initiatives/{id}", new InitiativeView(id, outcome.Version, outcome.State));
    }

    public static async Task<Ok<InitiativeView>> Get(Guid initiativeId, long? asOf, HttpContext http, CommandExecutor executor, CancellationToken cancellationToken)
    {
        var (state, version) = await executor.LoadAsync(StreamIds.Initiative(initiativeId), Decider, cancellationToken, asOf);
        if (version == 0) throw DomainException.NotFound("initiative_not_found", $"Initiative {initiativeId} does not exist.");
        http.Response.Headers.ETag = $"\"{version}\"";
        return TypedResults.Ok(new InitiativeView(initiativeId, version, state));
    }

    public static async Task<Ok<InitiativeView>> IncurCost(Guid initiativeId, CostRequest request, HttpContext http, CommandExecutor executor, CancellationToken cancellationToken)
    {
        var command = new IncurInitiativeCost(initiativeId, request.CostId ?? RequestIds.For(http, "cost"),
            new Money(request.Amount, request.Currency), request.Category, request.IncurredAt);
        var outcome = await executor.ExecuteAsync(http, StreamIds.Initiative(initiativeId), command, Decider, [], cancellationToken);
        http.Response.Headers.ETag = outcome.ETag;
        return TypedResults.Ok(new InitiativeView(initiativeId, outcome.Version, outcome.State));
    }

    public static async Task<Ok<InitiativeView>> End(Guid initiativeId, EndRequest request, HttpContext http, CommandExecutor executor, CancellationToken cancellationToken)
    {
        var outcome = await executor.ExecuteAsync(http, StreamIds.Initiative(initiativeId), new EndInitiative(initiativeId, request.EndedAt), Decider, [], cancellationToken);
        http.Response.Headers.ETag = outcome.ETag;
        return TypedResults.Ok(new InitiativeView(initiativeId, outcome.Version, outcome.State));
    }
}
