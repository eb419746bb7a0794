using Ledger.Api.Hosting;
using Ledger.Api.Idempotency;
using Ledger.Api.Security;
using Ledger.Projections.Pilots;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Pilots;

/// <summary>Pilots replay history under a hypothesis and compare it with the baseline (role pilot).</summary>
public static class PilotsApi
{
    private static readonly HashSet<string> KnownChannels =
        new(Enum.GetValues<Domain.Conversations.Channel>().Select(c => global::Ledger.Projections.Serialization.WireName.Of(c)), StringComparer.OrdinalIgnoreCase);

    public static RouteGroupBuilder MapPilotsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/pilots/runs").WithTags("Pilots");
        group.MapPost("/", Start).Admits(Roles.Pilot)
            .WithSummary($"Run a hypothesis against the history pinned at a position (0 or absent: the head), beside the baseline (at most {PilotJobs.MaxConcurrentRuns} at once)");
        group.MapGet("/{runId:guid}", Get).Admits(Roles.Pilot).WithSummary("A pilot run's state, progress and, when completed, its comparison and result hash");
        group.MapPost("/{runId:guid}/cancel", Cancel).Admits(Roles.Pilot).WithSummary("Cancel a running pilot run");
        return group;
    }

    public static async Task<Results<Accepted<PilotRunStatus>, ProblemHttpResult>> Start(
        Hypothesis hypothesis, HttpContext http, PilotJobs jobs, LedgerDatabase database, CancellationToken cancellationToken)
    {
        var head = (await database.Store.ReadHeadAsync(cancellationToken)).Position;
        // No pinned position (0): pin the head now, so the run compares a fixed history while the ledger grows.
        if (hypothesis.PinnedPosition == 0 && head > 0) hypothesis = hypothesis with { PinnedPosition = head };
        if (hypothesis.PinnedPosition < 1 || hypothesis.PinnedPosition > head)
            throw new ClientInputException("pinnedPosition", $"pinnedPosition must be between 1 and the head of the log ({head}).", "invalid_pinned_position");
        if (string.IsNullOrWhiteSpace(hypothesis.Name) || hypothesis.Name.Length > 200)
            throw new ClientInputException("name", "name must be 1 to 200 characters.", "invalid_name");
        if (hypothesis.Statement is null || hypothesis.Statement.Length > 4000)
            throw new ClientInputException("statement", "statement is required (at most 4,000 characters).", "invalid_statement");
        if (hypothesis.Valuation?.Validate() is { Count: > 0 } errors)
            throw Domain.Common.DomainException.Validation(errors[0].Code, "The hypothesis's valuation model is invalid.", errors);
        foreach (var (field, filter) in new[] { ("only", hypothesis.Only), ("drop", hypothesis.Drop) })
        {
            // A misspelt channel would match nothing and silently change nothing: refuse it instead.
            if (filter?.Channels?.FirstOrDefault(c => !KnownChannels.Contains(c)) is { } unknown)
                throw new ClientInputException($"{field}.channels", $"'{unknown}' is not a channel; channels are {string.Join(", ", KnownChannels.Order())}.", "unknown_channel");
        }
        if (hypothesis.ScaleCosts?.Any(s => s.Factor < 0) == true)
            throw new ClientInputException("scaleCosts", "Cost factors must be 0 or more.", "invalid_factor");
        if (hypothesis.Add is { Count: > 1_000 })
            throw new ClientInputException("add", "At most 1,000 hypothetical transactions.", "too_many");
        try
        {
            _ = (hypothesis.Attribution ?? AttributionSettings.Default).ToModel();
        }
        catch (ArgumentException ex)
        {
            throw new ClientInputException("attribution", ex.Message, "invalid_attribution");
        }
        var status = jobs.Start(RequestIds.For(http, "pilot-run"), hypothesis, http.User.Actor());
        if (status is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many pilot runs",
                detail: $"At most {PilotJobs.MaxConcurrentRuns} pilot runs may run at once; retry when one finishes.");
        return TypedResults.Accepted($"/api/pilots/runs/{status.RunId}", status);
    }

    public static Results<Ok<PilotRunStatus>, NotFound> Get(Guid runId, PilotJobs jobs) =>
        jobs.Find(runId) is { } status ? TypedResults.Ok(status) : TypedResults.NotFound();

    public static Results<NoContent, NotFound> Cancel(Guid runId, PilotJobs jobs) =>
        jobs.Cancel(runId) ? TypedResults.NoContent() : TypedResults.NotFound();
}
