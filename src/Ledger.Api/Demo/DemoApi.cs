using Ledger.Api.Idempotency;
using Ledger.Api.Security;
using Ledger.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Demo;

/// <summary>
/// The demo company loaded through the server (admin), as the start-up loader does it, so its decisions cite report
/// snapshots that were really taken: what <c>ledger demo</c> calls, then polls for progress.
/// </summary>
public static class DemoApi
{
    /// <summary>The demo's history starts no earlier than this (and never in the future).</summary>
    public static readonly DateTimeOffset EarliestStart = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary><paramref name="Events"/> is about how many events; <paramref name="Start"/> defaults to a year ago.</summary>
    public sealed record DemoLoadRequest(int? Seed = null, long? Events = null, DateTimeOffset? Start = null);

    public static RouteGroupBuilder MapDemoApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/demo").WithTags("Demo");
        group.MapPost("/", Load).Admits(Roles.Admin)
            .WithSummary($"Load the seeded demo company ({DemoSeeder.MinEvents:N0} to {DemoSeeder.MaxEvents:N0} events) with its report snapshots into an empty ledger, or again into one it started (writes nothing twice); follow the load at its Location");
        group.MapGet("/{loadId:guid}", Get).Admits(Roles.Admin).WithSummary("A demo load's state and progress: events and report snapshots written or already present");
        return group;
    }

    public static async Task<Accepted<DemoLoadStatus>> Load(
        DemoLoadRequest request, HttpContext http, DemoSeeder seeder, DemoLoads loads, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (request.Seed is not >= 0)
            errors.Add(new FieldError("seed", "invalid_seed", $"seed is required: 0 to {int.MaxValue:N0} (same seed, same company and history)."));
        if (request.Events is not (>= DemoSeeder.MinEvents and <= DemoSeeder.MaxEvents))
            errors.Add(new FieldError("events", "invalid_events", $"events is required: {DemoSeeder.MinEvents:N0} to {DemoSeeder.MaxEvents:N0}."));
        if (request.Start is { } start && (start < EarliestStart || start > clock.GetUtcNow()))
            errors.Add(new FieldError("start", "invalid_start", $"start must be between {EarliestStart:yyyy-MM-dd} and now."));
        if (errors.Count > 0) throw DomainException.Validation(errors[0].Code, "The demo load request is invalid.", errors);

        var seed = request.Seed!.Value;
        // Refuse now what the loader would refuse (a ledger holding other events), so the caller gets its 409 at once.
        if ((await seeder.PlanAsync(seed, request.Start, cancellationToken)).Refusal is { } refusal)
            throw DomainException.Conflict("demo_refused", $"Demo not loaded: {refusal}.");
        var status = loads.Start(RequestIds.For(http, "demo-load"), seed, request.Events!.Value, request.Start);
        return TypedResults.Accepted($"/api/demo/{status.LoadId}", status);
    }

    public static Results<Ok<DemoLoadStatus>, NotFound> Get(Guid loadId, DemoLoads loads) =>
        loads.Find(loadId) is { } status ? TypedResults.Ok(status) : TypedResults.NotFound();
}
