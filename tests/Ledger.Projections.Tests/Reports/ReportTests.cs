using Ledger.Domain;
using Ledger.Domain.Common;
using Ledger.Domain.Initiatives;
using Ledger.Domain.Interactions;
using Ledger.EventStore;
using Ledger.Projections.Analytics;
using Ledger.Projections.Daemon;
using Ledger.Projections.Reports;
using Ledger.Projections.Tests.Daemon;
using Ledger.Projections.Transactions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Projections.Tests.Reports;

/// <summary>
/// A small fixed history, computed by hand. Initiative "Forum": costs 1,000 EUR (Jan 10) and 500 USD (Feb 1) at a
/// USD→EUR rate of 0.90 = 450 EUR → 1,450 EUR. Its conversation records, under the default valuation model:
/// revenue 2,000 EUR; an answer (40); gratitude valence 0.5 × intensity 4 × rate 10 (= 20); 3 units delivered × 5 (= 15).
/// Then the answer is voided.
/// </summary>
public class ReportTests : ProjectionTestBase
{
    protected Guid InitiativeId { get; } = Guid.NewGuid();
    private Guid _conversation;
    private Guid _answer;
    private long _beforeVoid;

    protected long BeforeVoid => _beforeVoid;

    protected async Task<ProjectionDaemon> BuildHistoryAsync()
    {
        var at = new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);
        var meta = new EventMetadata("test", at);
        await Store.AppendAsync(ReportSettings.RatesStream, ExpectedVersion.Any, [ReportSettings.RateSet(new ConversionRate("USD", new DateOnly(2026, 1, 1), 0.90m), Guid.NewGuid(), meta)]);
        await History.AppendAsync(StreamIds.Initiative(InitiativeId), new InitiativeLaunched(InitiativeId, "Forum", History.Staff, "answers reduce tickets", at.AddDays(-9), null));
        await History.AppendAsync(StreamIds.Initiative(InitiativeId), new InitiativeCostIncurred(InitiativeId, Guid.NewGuid(), new Money(1000m, "EUR"), CostCategory.People, at));
        await History.AppendAsync(StreamIds.Initiative(InitiativeId), new InitiativeCostIncurred(InitiativeId, Guid.NewGuid(), new Money(500m, "USD"), CostCategory.Software, new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)));
        _conversation = await History.ConversationAsync(0, InitiativeId);
        await History.InteractionAsync(_conversation, new MonetaryPayload(2000m, "EUR", MoneyDirection.Revenue));        // Jan 5 + hours: Jan 5
        _answer = await History.InteractionAsync(_conversation, new InformationalPayload(InformationKind.Answer, "pricing"));
        await History.InteractionAsync(_conversation, new EmotionalPayload(EmotionalSignal.Gratitude, 0.5m, 4));
        await History.InteractionAsync(_conversation, new LogisticalPayload("router", 3m, "unit", LogisticalStatus.Delivered));
        _beforeVoid = (await Store.ReadHeadAsync()).Position;
        await History.VoidAsync(_conversation, _answer);
        var daemon = await StartDaemonAsync();
        await daemon.WaitForAsync((await Store.ReadHeadAsync()).Position, CancellationToken.None);
        return daemon;
    }

    private async Task<(ReportData Data, ValuationModel Model, ConversionRates Rates)> LoadAsync(string tableSet, long position)
    {
        var data = await ReportData.LoadAsync(Store.DataSource, tableSet, position, CancellationToken.None);
        var (model, rates) = await ReportSettings.LoadAsync(Store, position, CancellationToken.None);
        return (data, model, rates);
    }

    [Fact]
    public async Task Roi_of_anInitiativeId_matches_the_hand_computation_before_and_after_a_void()
    {
        await BuildHistoryAsync();
        var (before, model, rates) = await LoadAsync("transactions_v1", _beforeVoid);
        var (after, _, _) = await LoadAsync("transactions_v1", (await Store.ReadHeadAsync()).Position);

        var roiBefore = RoiByInitiative.Compute(before, model, rates).Single().Roi;
        // cost 1,000 + 500 × 0.90 = 1,450; gain 2,000; value 40 + 20 + 15 = 75.
        roiBefore.Cost.ShouldBe(1450.00m);
        roiBefore.MonetaryGain.ShouldBe(2000.00m);
        roiBefore.InformationalValue.ShouldBe(40m);
        roiBefore.EmotionalValue.ShouldBe(20m);
        roiBefore.LogisticalValue.ShouldBe(15m);
        roiBefore.MonetaryRoi.ShouldBe(0.3793m);   // (2,000 − 1,450) / 1,450 = 0.379310… → 0.3793
        roiBefore.TotalRoi.ShouldBe(0.4310m);      // (2,075 − 1,450) / 1,450 = 0.431034… → 0.4310
        // Revenue on Jan 5 (hour offsets keep it there) precedes the first cost (Jan 10): cumulative gain 2,000 ≥ 1,000 on Jan 10.
        roiBefore.PaybackDate.ShouldBe(new DateOnly(2026, 1, 10));

        var roiAfter = RoiByInitiative.Compute(after, model, rates).Single().Roi;
        roiAfter.InformationalValue.ShouldBe(0m);   // the answer was voided
        roiAfter.TotalRoi.ShouldBe(0.4034m);        // (2,035 − 1,450) / 1,450 = 0.403448… → 0.4034
    }

    [Fact]
    public async Task Outcome_figures_count_and_value_by_kind_and_their_drill_down_sums_to_them()
    {
        await BuildHistoryAsync();
        var (data, model, rates) = await LoadAsync("transactions_v1", (await Store.ReadHeadAsync()).Position);
        var by = new HashSet<OutcomeDimension> { OutcomeDimension.Initiative, OutcomeDimension.Department };

        var rows = OutcomeReport.Compute(data.Facts, model, rates, PeriodGranularity.Month, by);

        rows.Select(r => (r.Kind, r.Count, r.Value)).OrderBy(r => r.Kind).ShouldBe(
        [
            (TransactionKind.Monetary, 1L, 2000m),
            (TransactionKind.Logistical, 1L, 15m),
            (TransactionKind.Emotional, 1L, 20m),
        ]);
        rows.ShouldAllBe(r => r.InitiativeId == InitiativeId && r.Department == "sales" && r.Period == "2026-01");
        foreach (var row in rows)
        {
            var events = OutcomeReport.DrillDown(data.Facts, model, rates, PeriodGranularity.Month, by, row);
            events.Count.ShouldBe((int)row.Count);
            RoundingPolicy.Round(events.Sum(e => e.Value.SignedAmount), "EUR").ShouldBe(row.Value);
        }
    }

    [Fact]
    public async Task An_as_of_answer_equals_a_build_stopped_at_that_position()
    {
        await BuildHistoryAsync();
        var stopped = new ProjectionRunner(Store, new TransactionsProjection(), "stopped_v1", NullLogger.Instance);
        await stopped.RunAsync(CancellationToken.None, stopAt: _beforeVoid);

        var (live, model, rates) = await LoadAsync("transactions_v1", _beforeVoid);
        var (built, _, _) = await LoadAsync("stopped_v1", long.MaxValue);

        var all = new HashSet<OutcomeDimension> { OutcomeDimension.Initiative, OutcomeDimension.Channel, OutcomeDimension.Department };
        OutcomeReport.Compute(live.Facts, model, rates, PeriodGranularity.Day, all)
            .ShouldBe(OutcomeReport.Compute(built.Facts, model, rates, PeriodGranularity.Day, all));
        RoiByInitiative.Compute(live, model, rates).Single().Roi.TotalRoi
            .ShouldBe(RoiByInitiative.Compute(built, model, rates).Single().Roi.TotalRoi);
        live.Facts.Count.ShouldBe(4);
    }

    [Fact]
    public async Task An_in_memory_replay_through_the_same_fold_gives_the_same_report_data_as_the_daemon()
    {
        await BuildHistoryAsync();
        var head = (await Store.ReadHeadAsync()).Position;
        var folder = new TransactionFolder();
        await foreach (var e in Store.ReadAllAsync()) folder.Apply(e, Ledger.Projections.Serialization.EventSerializer.FromStored(e));

        var memory = folder.ToReportData(head);
        var (stored, model, rates) = await LoadAsync("transactions_v1", head);

        memory.Facts.Select(f => $"{f.Position}|{f.EventId}|{f.Fact with { ReceiverIds = [] }}|{string.Join(',', f.Fact.ReceiverIds)}")
            .ShouldBe(stored.Facts.Select(f => $"{f.Position}|{f.EventId}|{f.Fact with { ReceiverIds = [] }}|{string.Join(',', f.Fact.ReceiverIds)}"));
        memory.Costs.ShouldBe(stored.Costs);
        RoiByInitiative.Compute(memory, model, rates).Single().Roi.TotalRoi.ShouldBe(RoiByInitiative.Compute(stored, model, rates).Single().Roi.TotalRoi);
    }
}
