namespace Ledger.Projections.Demo;

/// <summary>
/// A report snapshot in a streamed demo history (stream <see cref="StreamOf"/>, cited by later decisions as
/// <see cref="Ledger.Domain.Common.EntityKind.ReportSnapshot"/>). It is the one item of <see cref="DemoCompany.Stream"/>
/// that is not a domain event: a real snapshot (<c>report-snapshot-taken</c>, written by the API's <c>POST /api/snapshots</c>)
/// pins the ledger position it was taken at, the SHA-256 of the report bytes served there and the chain hash at that
/// position, and none of these exists before the preceding events are in a store. A loader therefore appends what came
/// before, takes the snapshot of <see cref="Report"/> at the head under <see cref="SnapshotId"/>, then carries on; a
/// consumer that only folds domain events (projections, pilots) skips it.
/// </summary>
/// <param name="Report">roi, outcomes or attribution, as the snapshots endpoint names them.</param>
/// <param name="By">The outcomes report's grouping (e.g. <c>channel</c>), otherwise null.</param>
public sealed record DemoReportSnapshot(Guid SnapshotId, string Report, string? By, DateTimeOffset TakenAt)
{
    /// <summary>The stream the API records a snapshot in, which decisions' lineage resolves.</summary>
    public static string StreamOf(Guid snapshotId) => $"snapshot-{snapshotId:N}";
}
