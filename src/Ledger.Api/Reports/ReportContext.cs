using Ledger.Api.Hosting;
using Ledger.Api.Projections;
using Ledger.Projections.Analytics;
using Ledger.Projections.ReadModels;
using Ledger.Projections.Reports;

namespace Ledger.Api.Reports;

/// <summary>
/// Resolves a report's point in time — <c>asOf</c> (a log position) or <c>at</c> (a timestamp), default now — waits
/// briefly for the projection to reach it, and loads the facts, model and rates in force there.
/// </summary>
public sealed class ReportContext(LedgerDatabase database, ProjectionHost projections)
{
    private static readonly TimeSpan CatchUpWait = TimeSpan.FromSeconds(3);

    /// <summary>ROI at the head, kept current from the read model (see <see cref="HeadRoi"/>); shared by every request of this process.</summary>
    private readonly HeadRoi _headRoi = new();

    public async Task<(ReportData Data, ValuationModel Model, ConversionRates Rates)> LoadAsync(long? asOf, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var (position, tableSet) = await ResolveAsync(asOf, at, cancellationToken);
        var data = await ReportData.LoadAsync(database.DataSource, tableSet, position, cancellationToken);
        var (model, rates) = await ReportSettings.LoadAsync(database.Store, position, cancellationToken);
        return (data, model, rates);
    }

    /// <summary>
    /// The ROI report. At the head (neither <paramref name="asOf"/> nor <paramref name="at"/>) it comes from the totals
    /// kept in memory; as of a past position or time it is computed over the facts in force there. Both give the same
    /// figures for the same position.
    /// </summary>
    public async Task<RoiAnswer> RoiAsync(long? asOf, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var (position, tableSet) = await ResolveAsync(asOf, at, cancellationToken);
        return asOf is null && at is null
            ? await _headRoi.AtHeadAsync(database.Store, tableSet, position, cancellationToken)
            : await HeadRoi.ComputeAsync(database.Store, tableSet, position, cancellationToken);
    }

    /// <summary>The position a report answers for, once the read models have reached it, and the table set to read.</summary>
    private async Task<(long Position, string TableSet)> ResolveAsync(long? asOf, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var position = await AsOfPosition.ResolveAsync(database.Store, asOf, at, cancellationToken);

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(CatchUpWait);
        try
        {
            await projections.Daemon.WaitForAsync(position, wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The read models have not reached position {position} yet; retry shortly.");
        }
        var tableSet = await projections.Daemon.ActiveTableSetAsync("transactions", cancellationToken)
                       ?? throw new TimeoutException("The read models are not built yet; retry shortly.");
        return (position, tableSet);
    }
}
