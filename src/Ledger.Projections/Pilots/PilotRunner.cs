using Ledger.Projections.Reports;
using Ledger.Projections.Serialization;
using Ledger.Projections.Transactions;

namespace Ledger.Projections.Pilots;

/// <summary>
/// Replays the log up to the pinned position through the production fold (<see cref="TransactionFolder"/>) into memory —
/// never into the production read models — and compares the hypothesis with the baseline there.
/// </summary>
public static class PilotRunner
{
    public static async Task<PilotResult> RunAsync(EventStore.EventStore store, Hypothesis hypothesis, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var head = (await store.ReadHeadAsync(cancellationToken)).Position;
        if (hypothesis.PinnedPosition < 1 || hypothesis.PinnedPosition > head)
            throw new ArgumentOutOfRangeException(nameof(hypothesis), $"The pinned position must be between 1 and the head ({head}).");
        var folder = new TransactionFolder();
        var replayed = 0L;
        await foreach (var e in store.ReadAllAsync(0, hypothesis.PinnedPosition, 10_000, cancellationToken))
        {
            folder.Apply(e, EventSerializer.FromStored(e));
            if (++replayed % 10_000 == 0) progress?.Report(e.Position);
        }
        progress?.Report(hypothesis.PinnedPosition);
        var (model, rates) = await ReportSettings.LoadAsync(store, hypothesis.PinnedPosition, cancellationToken);
        return PilotReplay.Compare(hypothesis, folder.ToReportData(hypothesis.PinnedPosition), model, rates);
    }
}
