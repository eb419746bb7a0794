using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Ledger.Projections.Reports;
using Ledger.Projections.Serialization;
using Ledger.Projections.Transactions;

namespace Ledger.Projections.Pilots;

/// <summary>How a pilot run uses the machine.</summary>
/// <param name="Workers">Threads per run: with two, the report set is computed two reports at a time (and reading and
/// decoding may overlap folding, see <paramref name="PipelinedRead"/>). One does everything in order on one thread.</param>
/// <param name="LowPriority">Run those threads at the lowest OS priority, so request handling and appends go first.</param>
/// <param name="ShareWhileRecording">While the store is recording, the share of the time each pilot thread works (it rests
/// the rest, see <see cref="PilotPacer"/>); 1 never rests.</param>
/// <param name="PipelinedRead">With two workers, read and decode on one while the other folds. By default only with
/// more than two cores: PostgreSQL's side of the read (jsonb to text) already takes most of a core, so on two cores a
/// separate reader thread only competes with it and the fold (measured: 5.2–5.8 s pipelined against 4.5 s in order
/// for 817,586 events).</param>
/// <param name="PositionsPerRead">Log positions per COPY statement. Each statement holds one snapshot while it runs, and a
/// pilot paced beside recording reads slowly; an old snapshot keeps PostgreSQL from pruning the row versions every append
/// leaves of the head row, and appends slowed to 0.56× beside two pilots reading in one COPY (0.92× in ranges of 5,000).
/// The log is immutable, so the ranges read exactly what one COPY would.</param>
public sealed record PilotRunOptions(int Workers = 2, bool LowPriority = true, double ShareWhileRecording = 0.05, bool? PipelinedRead = null, int PositionsPerRead = 5_000)
{
    public static PilotRunOptions Default { get; } = new();

    internal bool Pipelines => Workers > 1 && (PipelinedRead ?? Environment.ProcessorCount > 2);
}

/// <summary>
/// Replays the log up to the pinned position through the production fold (<see cref="TransactionFolder"/>) into memory —
/// never into the production read models — and compares the hypothesis with the baseline there. The work runs on the
/// run's own low-priority threads (<see cref="PilotWorkers"/>), not on the thread pool.
/// </summary>
public static class PilotRunner
{
    private const int BatchSize = 1_024;
    private const int ProgressEvery = 10_000;

    public static Task<PilotResult> RunAsync(EventStore.EventStore store, Hypothesis hypothesis, IProgress<long>? progress, CancellationToken cancellationToken) =>
        RunAsync(store, hypothesis, progress, PilotRunOptions.Default, cancellationToken);

    public static async Task<PilotResult> RunAsync(
        EventStore.EventStore store, Hypothesis hypothesis, IProgress<long>? progress, PilotRunOptions options, CancellationToken cancellationToken)
    {
        var head = (await store.ReadHeadAsync(cancellationToken)).Position;
        if (hypothesis.PinnedPosition < 1 || hypothesis.PinnedPosition > head)
            throw new ArgumentOutOfRangeException(nameof(hypothesis), $"The pinned position must be between 1 and the head ({head}).");
        using var pacer = new PilotPacer(store, options);
        var replay = await ReplayAsync(store, hypothesis.PinnedPosition, progress, options, pacer, cancellationToken);
        var (model, rates) = await ReportSettings.LoadAsync(store, hypothesis.PinnedPosition, cancellationToken);
        return await PilotReplay.CompareAsync(hypothesis, replay, model, rates, options, pacer, cancellationToken);
    }

    /// <summary>
    /// The report data as of <paramref name="position"/>, folded in memory from the log. With two workers or more, one
    /// thread reads and decodes while another folds the previous batches, in order.
    /// </summary>
    public static async Task<ReportData> ReplayAsync(
        EventStore.EventStore store, long position, IProgress<long>? progress, PilotRunOptions options, CancellationToken cancellationToken)
    {
        using var pacer = new PilotPacer(store, options);
        return await ReplayAsync(store, position, progress, options, pacer, cancellationToken);
    }

    private static async Task<ReportData> ReplayAsync(
        EventStore.EventStore store, long position, IProgress<long>? progress, PilotRunOptions options, PilotPacer pacer, CancellationToken cancellationToken)
    {
        using var workers = new PilotWorkers(options);
        var folder = new TransactionFolder();
        var folded = 0L;
        void Fold(List<DecodedEvent> batch)
        {
            pacer.Pace();
            foreach (var e in batch) folder.Apply(e.Position, e.EventId, e.Event);
            var before = folded;
            folded += batch.Count;
            if (folded / ProgressEvery != before / ProgressEvery) progress?.Report(batch[^1].Position);
        }

        if (!options.Pipelines)
        {
            await workers.RunAsync(() => PilotLog.Read(store, position, options.PositionsPerRead, BatchSize, Fold, pacer, cancellationToken));
        }
        else
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var batches = new BlockingCollection<List<DecodedEvent>>(boundedCapacity: 4);
            var reading = workers.RunAsync(() => Stage(stop, () =>
            {
                try
                {
                    PilotLog.Read(store, position, options.PositionsPerRead, BatchSize, batch => batches.Add(batch, stop.Token), pacer, stop.Token);
                }
                finally
                {
                    batches.CompleteAdding();
                }
            }));
            var folding = workers.RunAsync(() => Stage(stop, () =>
            {
                foreach (var batch in batches.GetConsumingEnumerable(stop.Token)) Fold(batch);
            }));
            await WhenBothAsync(reading, folding, cancellationToken);
        }
        progress?.Report(position);
        return await workers.RunAsync(() => folder.ToReportData(position));
    }

    /// <summary>Runs one stage of the pipeline; its failure stops the other stage.</summary>
    private static void Stage(CancellationTokenSource stop, Action run)
    {
        try
        {
            run();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            stop.Cancel();
            throw;
        }
    }

    /// <summary>Waits for both stages; the error reported is the one that stopped the pipeline, not the cancellation it caused.</summary>
    private static async Task WhenBothAsync(Task first, Task second, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(first, second);
        }
        catch (Exception) when (first.IsFaulted || second.IsFaulted)
        {
            var cause = new[] { first, second }.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).First();
            ExceptionDispatchInfo.Throw(cause);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }
}
