using System.Diagnostics;
using Ledger.Api.Hosting;
using Ledger.Api.Projections;
using Ledger.Api.Reports;
using Ledger.EventStore;
using Ledger.Projections.Demo;

namespace Ledger.Api.Demo;

/// <summary>
/// Loads the demo company (<see cref="DemoEvents.Stream"/>) into the ledger, so that its decisions cite real report
/// snapshots: the events before each of the history's snapshots are bulk-imported, the snapshot is taken as of that
/// position through <see cref="SnapshotsApi.TakeAsync"/> (so <c>GET /api/snapshots/{id}/content</c> reproduces it),
/// then the history goes on. The one loader behind both ways in: <c>Ledger:Demo=true</c> at start (the README's run
/// command; <c>Ledger:DemoSeed</c>, about <c>Ledger:DemoEvents</c> events) and <c>POST /api/demo</c> (<c>ledger demo</c>).
/// <para>
/// The rule (<see cref="PlanAsync"/>): the demo loads into an EMPTY ledger, or again into a ledger this demo started
/// (its first event is the demo's), which writes nothing when the demo is complete and finishes it when a load was
/// interrupted: ids derive from the seed. A ledger that holds other events is left alone.
/// </para>
/// Registered after <see cref="ProjectionHost"/>: a snapshot renders reports, which needs the read models.
/// </summary>
public sealed class DemoSeeder(LedgerDatabase database, ProjectionHost projections, ReportContext reports, IConfiguration configuration, ILogger<DemoSeeder> logger)
    : IHostedService
{
    public const long MinEvents = 1_000;
    public const long MaxEvents = 10_000_000;

    /// <summary>How long one snapshot may wait for the read models to reach its position (they are built beside the import).</summary>
    private static readonly TimeSpan CatchUpWait = TimeSpan.FromMinutes(2);

    /// <summary>Events imported per bulk call between snapshots: the bulk path's own chunk, and the step of the progress reported.</summary>
    private const int ImportChunk = 50_000;

    /// <summary>Two loads at once would race for the same snapshots; the second waits for the first (and then writes nothing).</summary>
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public sealed record DemoLoad(long Imported, long AlreadyPresent, int SnapshotsTaken, int SnapshotsPresent)
    {
        /// <summary>Events of the history done so far, written now or found already stored.</summary>
        public long Events => Imported + AlreadyPresent;
    }

    /// <summary>Where the demo loads from, or why this ledger refuses it (<see cref="Start"/> is then meaningless).</summary>
    public sealed record DemoPlan(DateTimeOffset Start, string? Refusal);

    /// <summary>A load that ran (<see cref="Load"/>) or was refused by the rule (<see cref="Refusal"/>).</summary>
    public sealed record DemoOutcome(DemoPlan Plan, DemoLoad? Load)
    {
        public string? Refusal => Plan.Refusal;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Ledger:Demo", false)) return;
        var seed = configuration.GetValue("Ledger:DemoSeed", 42);
        var events = configuration.GetValue("Ledger:DemoEvents", 3_000L);
        var clock = Stopwatch.StartNew();
        var outcome = await RunAsync(seed, events, null, null, cancellationToken);
        if (outcome.Load is not { } load)
        {
            logger.LogInformation("Demo data not loaded: {Reason}", outcome.Refusal);
            return;
        }
        logger.LogInformation(
            "Demo company (seed {Seed}, {Events} events from {Start:yyyy-MM-dd}) in {Seconds:F1} s: {Imported} events and {Taken} report snapshots written, {Present} events and {SnapshotsPresent} snapshots already present",
            seed, events, outcome.Plan.Start, clock.Elapsed.TotalSeconds, load.Imported, load.SnapshotsTaken, load.AlreadyPresent, load.SnapshotsPresent);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The rule, read from the log's first event: an empty ledger takes the demo from <paramref name="requestedStart"/>
    /// (default <see cref="DemoEvents.DefaultStart"/>); a ledger this demo started takes it again from the start it was
    /// loaded with (a month later, DefaultStart moved), and refuses another start; any other ledger refuses.
    /// </summary>
    public async Task<DemoPlan> PlanAsync(int seed, DateTimeOffset? requestedStart, CancellationToken cancellationToken)
    {
        if (await FirstEventAsync(cancellationToken) is not { } first) return new DemoPlan(requestedStart ?? DemoEvents.DefaultStart, null);
        var demoFirst = ((DemoEvent)DemoEvents.Stream(seed, MinEvents, DemoEvents.DefaultStart).First()).Event;
        if (first.EventId != demoFirst.EventId)
            return new DemoPlan(first.OccurredAt, $"the ledger already holds other events; the demo of seed {seed} loads only into an empty ledger or one it started");
        if (requestedStart is { } start && start != first.OccurredAt)
            return new DemoPlan(first.OccurredAt, $"the ledger holds the demo of seed {seed} from {first.OccurredAt:O}; load it again from that start (or without one)");
        return new DemoPlan(first.OccurredAt, null);
    }

    /// <summary>
    /// The one way the demo is loaded, at start and by <c>POST /api/demo</c>: applies the rule (<see cref="PlanAsync"/>),
    /// then <see cref="LoadAsync"/>. A ledger holding the same seed's demo of another size (or of an older generator)
    /// is refused too: the same ids would mean other events.
    /// </summary>
    public async Task<DemoOutcome> RunAsync(int seed, long events, DateTimeOffset? start, IProgress<DemoLoad>? progress, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var plan = await PlanAsync(seed, start, cancellationToken);
            if (plan.Refusal is not null) return new DemoOutcome(plan, null);
            try
            {
                return new DemoOutcome(plan, await LoadAsync(seed, events, plan.Start, progress, cancellationToken));
            }
            catch (IdempotencyConflictException ex)
            {
                return new DemoOutcome(plan with { Refusal = $"the ledger holds another demo of seed {seed} (another size or generator: {ex.Message})" }, null);
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// Loads the demo of <paramref name="seed"/>: imports its events and takes its report snapshots where the history
    /// takes them. Writes only what is missing: loading the same demo again writes nothing. Reports what is done after
    /// each chunk of events and each snapshot.
    /// </summary>
    public async Task<DemoLoad> LoadAsync(int seed, long events, DateTimeOffset start, IProgress<DemoLoad>? progress, CancellationToken cancellationToken)
    {
        var load = new DemoLoad(0, 0, 0, 0);
        var pending = new List<(string StreamId, EventData Event)>();
        foreach (var item in DemoEvents.Stream(seed, events, start))
        {
            switch (item)
            {
                case DemoEvent e:
                    pending.Add((e.StreamId, e.Event));
                    if (pending.Count >= ImportChunk) load = await ImportAsync(pending, load, progress, cancellationToken);
                    break;
                case DemoSnapshot { Snapshot: var marker }:
                    load = await ImportAsync(pending, load, progress, cancellationToken);
                    load = await TakeSnapshotAsync(marker, seed, load, cancellationToken);
                    progress?.Report(load);
                    break;
            }
        }
        return await ImportAsync(pending, load, progress, cancellationToken);
    }

    private async Task<DemoLoad> ImportAsync(List<(string StreamId, EventData Event)> pending, DemoLoad load, IProgress<DemoLoad>? progress, CancellationToken cancellationToken)
    {
        if (pending.Count == 0) return load;
        var result = await database.Store.BulkImportAsync(pending.ToAsyncEnumerable(), cancellationToken: cancellationToken);
        pending.Clear();
        load = load with { Imported = load.Imported + result.Imported, AlreadyPresent = load.AlreadyPresent + result.Skipped };
        progress?.Report(load);
        return load;
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
