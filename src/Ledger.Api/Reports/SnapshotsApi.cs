using System.Security.Cryptography;
using System.Text.Json;
using Ledger.Api.Hosting;
using Ledger.Api.Idempotency;
using Ledger.Api.Security;
using Ledger.Domain.Common;
using Ledger.EventStore;
using Ledger.Projections.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Reports;

/// <summary>
/// Report snapshots: "the ROI report the board saw", pinned as report + parameters + ledger position + the SHA-256 of
/// the exact bytes served, recorded as an event (stream <c>snapshot-{id}</c>, citable by decisions). Reproducing it later
/// re-runs the same report as of the same position and must give the same bytes, whatever was recorded since.
/// </summary>
public static class SnapshotsApi
{
    public const string TakenType = "report-snapshot-taken";

    public sealed record SnapshotRequest(
        string Report, long? AsOf = null, string? Period = null, string? By = null, string? Model = null, double? HalfLifeDays = null, int? LookbackDays = null);

    public sealed record Snapshot(Guid SnapshotId, string Report, SnapshotRequest Parameters, long Position, string ContentHash, string LedgerHashAtPosition);

    public static RouteGroupBuilder MapSnapshotsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/snapshots").WithTags("Report snapshots");
        group.MapPost("/", Take).Admits(Roles.Reports)
            .WithSummary("Pin a report (roi, outcomes, attribution, relationships) at a ledger position with the hash of its exact bytes");
        group.MapGet("/{snapshotId:guid}", Get).Admits([.. Roles.Reports, Roles.Auditor]).WithSummary("A snapshot's report, parameters, position and content hash");
        group.MapGet("/{snapshotId:guid}/content", Reproduce).Admits([.. Roles.Reports, Roles.Auditor])
            .WithSummary("Reproduce a snapshot byte for byte (409 if it no longer reproduces)");
        return group;
    }

    public static async Task<Created<Snapshot>> Take(SnapshotRequest request, HttpContext http, ReportContext reports, LedgerDatabase database, TimeProvider clock, CancellationToken cancellationToken)
    {
        var snapshot = await TakeAsync(RequestIds.For(http, "snapshot"), request, new EventMetadata(http.User.Actor(), clock.GetUtcNow()), reports, database, cancellationToken);
        return TypedResults.Created($"/api/snapshots/{snapshot.SnapshotId}", snapshot);
    }

    /// <summary>
    /// Takes a snapshot under <paramref name="snapshotId"/>: renders the report as of <c>request.AsOf</c> (default: the
    /// head) exactly as <see cref="Reproduce"/> will, and records its position, content hash and the chain hash there.
    /// The one way a snapshot is taken, by the endpoint and by the demo loader.
    /// </summary>
    public static async Task<Snapshot> TakeAsync(
        Guid snapshotId, SnapshotRequest request, EventMetadata metadata, ReportContext reports, LedgerDatabase database, CancellationToken cancellationToken)
    {
        var position = request.AsOf ?? (await database.Store.ReadHeadAsync(cancellationToken)).Position;
        var pinned = request with { AsOf = position };
        var bytes = await RenderAsync(pinned, reports, cancellationToken);
        var snapshot = new Snapshot(snapshotId, request.Report, pinned, position,
            Convert.ToHexStringLower(SHA256.HashData(bytes)), await HashAtAsync(database, position, cancellationToken));
        await database.Store.AppendAsync(StreamOf(snapshotId), ExpectedVersion.NoStream,
            [new EventData(snapshotId, TakenType, JsonSerializer.SerializeToUtf8Bytes(snapshot, DomainJson.Options), metadata)],
            cancellationToken);
        return snapshot;
    }

    /// <summary>Whether a snapshot (or a pilot run, which shares the stream naming) is recorded under <paramref name="snapshotId"/>.</summary>
    public static async Task<bool> ExistsAsync(LedgerDatabase database, Guid snapshotId, CancellationToken cancellationToken) =>
        await database.Store.StreamVersionAsync(StreamOf(snapshotId), cancellationToken: cancellationToken) > 0;

    public static async Task<Ok<Snapshot>> Get(Guid snapshotId, LedgerDatabase database, CancellationToken cancellationToken) =>
        TypedResults.Ok(await LoadAsync(database, snapshotId, cancellationToken));

    public static async Task<IResult> Reproduce(Guid snapshotId, HttpContext http, ReportContext reports, LedgerDatabase database, CancellationToken cancellationToken)
    {
        var snapshot = await LoadAsync(database, snapshotId, cancellationToken);
        var bytes = await RenderAsync(snapshot.Parameters, reports, cancellationToken);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (hash != snapshot.ContentHash)
            throw DomainException.Conflict("snapshot_not_reproducible", $"Snapshot {snapshotId} no longer reproduces: its content hash was {snapshot.ContentHash}, the report now gives {hash}.");
        http.Response.Headers["X-Content-SHA256"] = hash;
        return TypedResults.Bytes(bytes, "application/json");
    }

    /// <summary>The exact bytes the report endpoint serves for these parameters (the same code, JSON format).</summary>
    private static async Task<byte[]> RenderAsync(SnapshotRequest request, ReportContext reports, CancellationToken cancellationToken)
    {
        var result = request.Report.ToLowerInvariant() switch
        {
            "roi" => await ReportsApi.RoiReport(request.AsOf, null, null, reports, cancellationToken),
            "outcomes" => await ReportsApi.Outcomes(request.AsOf, null, request.Period, request.By, null, reports, cancellationToken),
            "attribution" => await ReportsApi.AttributionReportEndpoint(request.AsOf, null, request.Model, request.HalfLifeDays, request.LookbackDays, null, reports, cancellationToken),
            "relationships" => await ReportsApi.Relationships(request.AsOf, null, null, reports, cancellationToken),
            _ => throw new ClientInputException("report", "report must be roi, outcomes, attribution or relationships.", "unknown_report"),
        };
        var value = (result as IValueHttpResult)?.Value ?? throw new InvalidOperationException("The report did not produce a value.");
        return JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), DomainJson.Options);
    }

    private static async Task<Snapshot> LoadAsync(LedgerDatabase database, Guid snapshotId, CancellationToken cancellationToken)
    {
        await foreach (var e in database.Store.ReadStreamAsync(StreamOf(snapshotId), maxCount: 1, cancellationToken: cancellationToken))
        {
            if (e.EventType == TakenType) return JsonSerializer.Deserialize<Snapshot>(e.Data, DomainJson.Options)!;
        }
        throw DomainException.NotFound("snapshot_not_found", $"No report snapshot {snapshotId}.");
    }

    private static string StreamOf(Guid snapshotId) => $"snapshot-{snapshotId:N}";

    private static async Task<string> HashAtAsync(LedgerDatabase database, long position, CancellationToken cancellationToken)
    {
        if (position == 0) return new string('0', 64);
        await foreach (var e in database.Store.ReadAllAsync(position - 1, position, 1, cancellationToken)) return e.HashHex;
        throw new ClientInputException("asOf", $"Position {position} is not in the log.", "as_of_in_future");
    }
}
