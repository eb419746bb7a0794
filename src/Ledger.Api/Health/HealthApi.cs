using Ledger.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Health;

/// <summary>Liveness and readiness: database connectivity, schema version, head of the log.</summary>
public static class HealthApi
{
    public sealed record HealthReport(
        string Status, string Database, string DatabaseSource, int? SchemaVersion, int LatestSchemaVersion, long? HeadPosition, string? Error,
        IReadOnlyList<Ledger.Projections.Daemon.ProjectionStatus>? Projections = null);

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", Check).AllowAnonymous().WithTags("Health").WithSummary("Database connectivity, schema version and head position");
        return routes;
    }

    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> Check(LedgerDatabase database, Projections.ProjectionHost projections, CancellationToken cancellationToken)
    {
        try
        {
            var schema = await database.Store.SchemaVersionAsync(cancellationToken);
            var head = await database.Store.ReadHeadAsync(cancellationToken);
            var statuses = projections.Enabled ? await projections.Daemon.StatusAsync(cancellationToken) : [];
            // A halted projection makes the service degraded, not down: the log still accepts appends.
            var status = statuses.Any(s => s.Failure is not null) ? "degraded" : "healthy";
            return TypedResults.Ok(new HealthReport(status, "connected", database.Source, schema, EventStore.EventStore.LatestSchemaVersion, head.Position, null, statuses));
        }
        catch (Exception ex) when (ProblemHandling.IsDatabaseUnavailable(ex) || ex is Npgsql.NpgsqlException)
        {
            return TypedResults.Json(new HealthReport("unhealthy", "unreachable", database.Source, null, EventStore.EventStore.LatestSchemaVersion, null, ex.Message),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
