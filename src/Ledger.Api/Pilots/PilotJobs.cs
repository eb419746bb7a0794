using System.Collections.Concurrent;
using System.Text.Json;
using Ledger.Api.Hosting;
using Ledger.EventStore;
using Ledger.Projections.Analytics;
using Ledger.Projections.Pilots;
using Ledger.Projections.Serialization;

namespace Ledger.Api.Pilots;

/// <summary>A pilot run as the API reports it while it runs and after.</summary>
public sealed record PilotRunStatus(Guid RunId, string State, long PinnedPosition, long Progress, string? Error, PilotResult? Result);

/// <summary>
/// Pilot runs in the background: at most <see cref="MaxConcurrentRuns"/> at once (a further request is a 429),
/// each cancellable, with progress. A finished run is recorded as an event (who, hypothesis, pinned position, result
/// hash) in stream <c>snapshot-{runId}</c>, so that a decision can cite it as a report snapshot.
/// </summary>
public sealed class PilotJobs(LedgerDatabase database, TimeProvider clock, ILogger<PilotJobs> logger)
{
    public const int MaxConcurrentRuns = 2;
    public const string RecordedType = "pilot-run-recorded";

    private readonly ConcurrentDictionary<Guid, Job> _jobs = new();
    private readonly SemaphoreSlim _slots = new(MaxConcurrentRuns, MaxConcurrentRuns);

    private sealed class Job(Guid id, Hypothesis hypothesis, CancellationTokenSource cancel)
    {
        public Guid Id { get; } = id;
        public Hypothesis Hypothesis { get; } = hypothesis;
        public CancellationTokenSource Cancel { get; } = cancel;
        public long Progress;
        public string State = "running";
        public string? Error;
        public PilotResult? Result;
    }

    /// <summary>Starts a run, or returns null when all slots are busy.</summary>
    public PilotRunStatus? Start(Guid runId, Hypothesis hypothesis, string actor)
    {
        if (_jobs.TryGetValue(runId, out var existing)) return Status(existing);
        if (!_slots.Wait(0)) return null;
        var job = new Job(runId, hypothesis, new CancellationTokenSource());
        _jobs[runId] = job;
        _ = Task.Run(async () =>
        {
            try
            {
                var result = await PilotRunner.RunAsync(database.Store, hypothesis, new Progress<long>(p => Interlocked.Exchange(ref job.Progress, p)), job.Cancel.Token);
                await RecordAsync(runId, hypothesis, result, actor);
                job.Result = result;
                job.State = "completed";
            }
            catch (OperationCanceledException)
            {
                job.State = "cancelled";
            }
            catch (Exception ex) when (ex is ArgumentException or MissingConversionRateException)
            {
                job.State = "failed";
                job.Error = ex.Message;
            }
            catch (Exception ex) when (ProblemHandling.IsDatabaseUnavailable(ex))
            {
                job.State = "failed";
                job.Error = "the database became unavailable; run it again";
                logger.LogWarning(ex, "Pilot run {RunId} failed", runId);
            }
            finally
            {
                _slots.Release();
            }
        });
        return Status(job);
    }

    public PilotRunStatus? Find(Guid runId) => _jobs.TryGetValue(runId, out var job) ? Status(job) : null;

    public bool Cancel(Guid runId)
    {
        if (!_jobs.TryGetValue(runId, out var job) || job.State != "running") return false;
        job.Cancel.Cancel();
        return true;
    }

    private async Task RecordAsync(Guid runId, Hypothesis hypothesis, PilotResult result, string actor)
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(new { runId, hypothesis, pinnedPosition = hypothesis.PinnedPosition, resultHash = result.ResultHash, requestedBy = actor }, DomainJson.Options);
        // The event id derives from the run id: recording the same run twice writes it once.
        await database.Store.AppendAsync($"snapshot-{runId:N}", ExpectedVersion.Any,
            [new EventData(runId, RecordedType, data, new EventMetadata(actor, clock.GetUtcNow()))], CancellationToken.None);
    }

    private static PilotRunStatus Status(Job job) =>
        new(job.Id, job.State, job.Hypothesis.PinnedPosition, Interlocked.Read(ref job.Progress), job.Error, job.Result);
}
