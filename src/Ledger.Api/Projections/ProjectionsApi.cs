using Ledger.Api.Hosting;
using Ledger.Api.Security;
using Ledger.Projections.Daemon;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Projections;

/// <summary>Operating the read models: status and lag, rebuild without downtime, resume after a halt.</summary>
public static class ProjectionsApi
{
    public sealed record RebuildStarted(string Projection, string TableSet);

    public static RouteGroupBuilder MapProjectionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/projections").WithTags("Projections");
        group.MapGet("/", Status).Admits(Roles.Admin, Roles.Auditor).WithSummary("Every projection's checkpoint, lag and failure");
        group.MapPost("/{projection}/rebuild", Rebuild).Admits(Roles.Admin)
            .WithSummary("Rebuild a projection beside the live one from position 0; it is swapped in when it has caught up");
        group.MapPost("/{tableSet}/resume", Resume).Admits(Roles.Admin)
            .WithSummary("Clear a halted projection's failure so that it resumes from the event it stopped at");
        return group;
    }

    public static async Task<Ok<IReadOnlyList<ProjectionStatus>>> Status(ProjectionHost host, CancellationToken cancellationToken) =>
        TypedResults.Ok(await host.Daemon.StatusAsync(cancellationToken));

    public static Accepted<RebuildStarted> Rebuild(string projection, ProjectionHost host, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        if (host.Daemon.Projections.All(p => p.Name != projection))
            throw new ClientInputException("projection", $"Unknown projection '{projection}'. Known: {string.Join(", ", host.Daemon.Projections.Select(p => p.Name))}.", "unknown_projection");
        var tableSet = $"{host.Daemon.Projections.First(p => p.Name == projection).TableSet()}_r{DateTimeOffset.UtcNow:yyyyMMddHHmmss}";
        // Runs in the background: reports keep answering from the live table set until the swap.
        _ = Task.Run(async () =>
        {
            try
            {
                await host.Daemon.RebuildAsync(projection, tableSet, lifetime.ApplicationStopping);
            }
            catch (Exception ex) when (!lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // Nobody awaits this task: an operator must still learn that the swap did not happen (the live table set
                // keeps answering; the rebuild can be asked for again).
                loggers.CreateLogger("Ledger.Projections.Rebuild").LogError(ex, "Rebuild of {Projection} into {TableSet} failed", projection, tableSet);
            }
        });
        return TypedResults.Accepted("/api/projections", new RebuildStarted(projection, tableSet));
    }

    public static async Task<Results<NoContent, NotFound>> Resume(string tableSet, ProjectionHost host, CancellationToken cancellationToken) =>
        await host.Daemon.ResumeAsync(tableSet, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}
