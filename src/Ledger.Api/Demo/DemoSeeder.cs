using System.Diagnostics;
using Ledger.Api.Hosting;
using Ledger.Api.Projections;
using Ledger.Api.Reports;
using Ledger.EventStore;
using Ledger.Projections.Demo;

namespace Ledger.Api.Demo;

/// <summary>
/// With <c>Ledger:Demo=true</c> (the README's run command sets it), loads the demo company
/// (<see cref="DemoEvents.Stream"/>, <c>Ledger:DemoSeed</c>, about <c>Ledger:DemoEvents</c> events) into an EMPTY ledger,
/// so a new user sees real reports at once, and its decisions cite real report snapshots: the events before each of the
/// history's snapshots are bulk-imported, the snapshot is taken as of that position through
/// <see cref="SnapshotsApi.TakeAsync"/> (so <c>GET /api/snapshots/{id}/content</c> reproduces it), then the history goes on.
/// <para>
/// Ids derive from the seed, so loading is idempotent: a ledger that this demo started (its first event is the demo's)
/// is loaded again on every start, which writes nothing when the demo is complete and finishes it when a start was
/// interrupted. A ledger that holds other events is left alone.
/// </para>
/// Registered after <see cref="ProjectionHost"/>: a snapshot renders reports, which needs the read models.
/// </summary>
public sealed class DemoSeeder(LedgerDatabase database, ProjectionHost projections, ReportContext reports, IConfiguration configuration, ILogger<DemoSeeder> logger)
    : IHostedService
{
    /// <summary>How long one snapshot may wait for the read models to reach its position (they are built beside the import).</summary>
    private static readonly TimeSpan CatchUpWait = TimeSpan.FromMinutes(2);

    public sealed record DemoLoad(long Imported, long AlreadyPresent, int SnapshotsTaken, int SnapshotsPresent);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Ledger:Demo", false)) return;
        var seed = configuration.GetValue("Ledger:DemoSeed", 42);
        var events = configuration.GetValue("Ledger:DemoEvents", 3_000L);
        var start = DemoEvents.DefaultStart;
        if (await FirstEventAsync(cancellationToken) is { } first)
        {
            var demoFirst = ((DemoEvent)DemoEvents.Stream(seed, events, start).First()).Event;
            if (first.EventId != demoFirst.EventId)
            {
                logger.LogInformation("Demo data not loaded: the ledger already holds other events");
                return;
            }
            // The demo's first event is dated at its start: load the same history again (a month later, DefaultStart moved).
            start = first.OccurredAt;
        }
        var clock = Stopwatch.StartNew();
        try
        {
            var load = await LoadAsync(seed, events, start, cancellationToken);
            logger.LogInformation(
                "Demo company (seed {Seed}, {Events} events from {Start:yyyy-MM-dd}) in {Seconds:F1} s: {Imported} events and {Taken} report snapshots written, {Present} events and {SnapshotsPresent} snapshots already present",
                seed, events, start, clock.Elapsed.TotalSeconds, load.Imported, load.SnapshotsTaken, load.AlreadyPresent, load.SnapshotsPresent);
        }
        catch (IdempotencyConflictException ex)
        {
            // Same seed, another size (or an older generator): the same ids would mean other events. The ledger keeps the demo it has.
            logger.LogWarning("Demo data not loaded: the ledger holds another demo of seed {Seed} (another size or generator: {Error})", seed, ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Loads the demo of <paramref name="seed"/>: imports its events and takes its report snapshots where the history
    /// takes them. Writes only what is missing: loading the same demo again writes nothing.
    /// </summary>
    public async Task<DemoLoad> LoadAsync(int seed, long events, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var load = new DemoLoad(0, 0, 0, 0);
        var pending = new List<(string StreamId, EventData Event)>();
        foreach (var item in DemoEvents.Stream(seed, events, start))
        {
            switch (item)
            {
                case DemoEvent e:
                    pending.Add((e.StreamId, e.Event));
                    break;
                case DemoSnapshot { Snapshot: var marker }:
                    load = await ImportAsync(pending, load, cancellationToken);
                    load = await TakeSnapshotAsync(marker, seed, load, cancellationToken);
                    break;
            }
        }
        return await ImportAsync(pending, load, cancellationToken);
    }

    private async Task<DemoLoad> ImportAsync(List<(string StreamId, EventData Event)> pending, DemoLoad load, CancellationToken cancellationToken)
    {
        if (pending.Count == 0) return load;
        var result = await database.Store.BulkImportAsync(pending.ToAsyncEnumerable(), cancellationToken: cancellationToken);
        pending.Clear();
        return load with { Imported = load.Imported + result.Imported, AlreadyPresent = load.AlreadyPresent + result.Skipped };
    }

    /// <summary>The snapshot the history takes here, as of the head (everything before it is stored), unless it already exists.</summary>
    private async Task<DemoLoad> TakeSnapshotAsync(DemoReportSnapshot marker, int seed, DemoLoad load, CancellationToken cancellationToken)
    {
        if (await SnapshotsApi.ExistsAsync(database, marker.SnapshotId, cancellationToken)) return load with { SnapshotsPresent = load.SnapshotsPresent + 1 };
        var position = (await database.Store.ReadHeadAsync(cancellationToken)).Position;
        // The report is rendered as of the position by the read models, which the daemon is building beside the import.
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            wait.CancelAfter(CatchUpWait);
            try
            {
                await projections.Daemon.WaitForAsync(position, wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"The demo's report snapshots need the read models at position {position}, not reached in {CatchUpWait.TotalSeconds} s: is the projection daemon running (Ledger:Projections:Enabled)?");
            }
        }
        await SnapshotsApi.TakeAsync(marker.SnapshotId, new SnapshotsApi.SnapshotRequest(marker.Report, position, By: marker.By),
            new EventMetadata(DemoEvents.Actor, marker.TakenAt, DemoEvents.Correlation(seed)), reports, database, cancellationToken);
        return load with { SnapshotsTaken = load.SnapshotsTaken + 1 };
    }

    private async Task<StoredEvent?> FirstEventAsync(CancellationToken cancellationToken)
    {
        await foreach (var e in database.Store.ReadAllAsync(0, 1, 1, cancellationToken)) return e;
        return null;
    }
}
