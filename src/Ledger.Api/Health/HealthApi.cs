using Ledger.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Health;

/// <summary>Liveness and readiness: database connectivity, schema version, head of the log.</summary>
public static class HealthApi
{
    public sealed record HealthReport(string Status, string Database, string DatabaseSource, int? SchemaVersion, int LatestSchemaVersion, long? HeadPosition, string? Error);

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", Check).AllowAnonymous().WithTags("Health").WithSummary("Database connectivity, schema version and head position");
        return routes;
    }

    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> Check(LedgerDatabase database, CancellationToken cancellationToken)
    {
        try
        {
            var schema = await database.Store.SchemaVersionAsync(cancellationToken);
            var head = await database.Store.ReadHeadAsync(cancellationToken);
            return TypedResults.Ok(new HealthReport("healthy", "connected", database.Source, schema, EventStore.EventStore.LatestSchemaVersion, head.Position, null));
        }
        catch (Exception ex) when (ProblemHandling.IsDatabaseUnavailable(ex) || ex is Npgsql.NpgsqlException)
        {
            return TypedResults.Json(new HealthReport("unhealthy", "unreachable", database.Source, null, EventStore.EventStore.LatestSchemaVersion, null, ex.Message),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
