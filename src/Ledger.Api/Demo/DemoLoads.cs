using System.Collections.Concurrent;
using Ledger.Api.Hosting;
using Ledger.Domain.Common;

namespace Ledger.Api.Demo;

/// <summary>A demo load as the API reports it while it runs and after: events done so far, snapshots taken or found.</summary>
public sealed record DemoLoadStatus(
    Guid LoadId, string State, int Seed, long Events, long Progress, long Imported, long AlreadyPresent, int SnapshotsTaken, int SnapshotsPresent, string? Error);

/// <summary>
/// Demo loads in the background, one at a time, with progress (a large demo takes minutes; the CLI polls and draws its
/// progress bar from what is really stored). Each runs <see cref="DemoSeeder.RunAsync"/>, the loader the start-up path
/// uses, until it completes, is refused by the rule, fails, or the API stops.
/// </summary>
public sealed class DemoLoads(DemoSeeder seeder, IHostApplicationLifetime lifetime, ILogger<DemoLoads> logger)
{
    private readonly ConcurrentDictionary<Guid, Job> _jobs = new();
    private readonly Lock _starting = new();

    private sealed class Job(Guid id, int seed, long events, DateTimeOffset? start) : IProgress<DemoSeeder.DemoLoad>
    {
        public Guid Id { get; } = id;
        public int Seed { get; } = seed;
        public long Events { get; } = events;
        public DateTimeOffset? Start { get; } = start;
        public volatile string State = "running";
        public volatile string? Error;
        private DemoSeeder.DemoLoad _load = new(0, 0, 0, 0);

        public DemoSeeder.DemoLoad Load => Volatile.Read(ref _load);

        public void Report(DemoSeeder.DemoLoad value) => Volatile.Write(ref _load, value);
    }

    /// <summary>
    /// Starts loading, or answers the running load when it is the same demo (a CLI run again after an interruption
    /// follows it); a running load of another demo is a 409.
    /// </summary>
    public DemoLoadStatus Start(Guid loadId, int seed, long events, DateTimeOffset? start)
    {
        Job job;
        lock (_starting)
        {
            if (_jobs.TryGetValue(loadId, out var existing)) return Status(existing);
            if (_jobs.Values.FirstOrDefault(j => j.State == "running") is { } running)
            {
                if (running.Seed == seed && running.Events == events && (start is null || start == running.Start)) return Status(running);
                throw DomainException.Conflict("demo_load_running",
                    $"Demo load {running.Id} (seed {running.Seed}, {running.Events:N0} events) is running; follow it at /api/demo/{running.Id} and start another when it ends.");
            }
            job = new Job(loadId, seed, events, start);
            _jobs[loadId] = job;
        }
        _ = Task.Run(() => RunAsync(job));
        return Status(job);
    }

    public DemoLoadStatus? Find(Guid loadId) => _jobs.TryGetValue(loadId, out var job) ? Status(job) : null;

    private async Task RunAsync(Job job)
    {
        try
        {
            var outcome = await seeder.RunAsync(job.Seed, job.Events, job.Start, job, lifetime.ApplicationStopping);
            if (outcome.Refusal is { } refusal)
            {
                job.Error = refusal;
                job.State = "refused";
                return;
            }
            job.Report(outcome.Load!);
            job.State = "completed";
        }
        catch (OperationCanceledException)
        {
            job.Error = "the API stopped; run it again to finish the load (what is stored is kept)";
            job.State = "cancelled";
        }
        catch (Exception ex) when (ProblemHandling.IsDatabaseUnavailable(ex))
        {
            // Includes the read models not catching up in time (TimeoutException): its message says so.
            logger.LogWarning(ex, "Demo load {LoadId} failed", job.Id);
            job.Error = $"{ex.Message} Run it again to finish the load (what is stored is kept).";
            job.State = "failed";
        }
        catch (Exception ex)
        {
            // A background job has no caller to throw to: record the failure instead of leaving it "running" forever.
            logger.LogError(ex, "Demo load {LoadId} failed", job.Id);
            job.Error = "the load hit an unexpected error; it has been logged";
            job.State = "failed";
        }
    }

    private static DemoLoadStatus Status(Job job)
    {
        var load = job.Load;
        return new DemoLoadStatus(job.Id, job.State, job.Seed, job.Events, load.Events, load.Imported, load.AlreadyPresent, load.SnapshotsTaken, load.SnapshotsPresent, job.Error);
    }
}
