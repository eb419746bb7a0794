using Ledger.Domain.Interactions;
using Ledger.Projections.Analytics;
using Ledger.Projections.Pilots;
using Ledger.Projections.Tests.Reports;

namespace Ledger.Projections.Tests.Pilots;

/// <summary>
/// Pilots over the hand-computed history of <see cref="ReportTests"/> (initiative "Forum": cost 1,450 EUR, revenue
/// 2,000 EUR by email, value 40 + 20 + 15 before the answer is voided, 35 after).
/// </summary>
public sealed class PilotTests : ReportTests
{
    private async Task<PilotResult> RunAsync(Hypothesis hypothesis) => await PilotRunner.RunAsync(Store, hypothesis, null, CancellationToken.None);

    private static decimal? Figure(PilotResult result, string name, bool hypothesis = true)
    {
        var figure = result.Figures.Single(f => f.Figure == name);
        return hypothesis ? figure.Hypothesis : figure.Baseline;
    }

    private async Task<long> HeadAsync() => (await Store.ReadHeadAsync()).Position;

    [Fact]
    public async Task An_empty_hypothesis_reproduces_the_baseline_and_a_replay_gives_the_same_hash()
    {
        await BuildHistoryAsync();
        var hypothesis = new Hypothesis("nothing", "changes nothing", await HeadAsync());

        var first = await RunAsync(hypothesis);
        var second = await RunAsync(hypothesis);

        first.Figures.ShouldAllBe(f => f.Difference == 0m);
        Figure(first, "roi/Forum/cost").ShouldBe(1450m);
        Figure(first, "roi/Forum/totalRoi").ShouldBe(0.4034m);
        second.ResultHash.ShouldBe(first.ResultHash);
        (await RunAsync(hypothesis with { Name = "other name" })).ResultHash.ShouldNotBe(first.ResultHash);
    }

    [Fact]
    public async Task Each_kind_of_hypothesis_changes_exactly_what_it_should()
    {
        await BuildHistoryAsync();
        var head = await HeadAsync();

        // Drop every email transaction: revenue 2,000 and all value go; costs stay.
        var dropped = await RunAsync(new Hypothesis("no email", "s", head, Drop: new TransactionFilter(Channels: ["email"])));
        Figure(dropped, "roi/Forum/monetaryGain").ShouldBe(0m);
        Figure(dropped, "roi/Forum/monetaryGain", hypothesis: false).ShouldBe(2000m);
        Figure(dropped, "roi/Forum/cost").ShouldBe(1450m);

        // Double the initiative's costs: 2 × 1,450 = 2,900; total ROI (2,035 − 2,900) / 2,900 = −0.298275… → −0.2983.
        var scaled = await RunAsync(new Hypothesis("dearer", "s", head, ScaleCosts: [new CostScale(InitiativeId, 2m)]));
        Figure(scaled, "roi/Forum/cost").ShouldBe(2900m);
        Figure(scaled, "roi/Forum/totalRoi").ShouldBe(-0.2983m);
        Figure(scaled, "roi/Forum/monetaryGain").ShouldBe(2000m);

        // Another valuation model: emotional rate 20 instead of 10 → gratitude 0.5 × 4 × 20 = 40; value 40 + 15 = 55.
        var model = ValuationModel.Default with { Version = 2, Emotional = new EmotionalValuation(20m) };
        var revalued = await RunAsync(new Hypothesis("emotions count double", "s", head, Valuation: model));
        Figure(revalued, "roi/Forum/totalValue").ShouldBe(55m);
        Figure(revalued, "roi/Forum/totalValue", hypothesis: false).ShouldBe(35m);

        // A hypothetical 1,000 EUR revenue in the initiative: gain 3,000; marked as hypothetical.
        var added = await RunAsync(new Hypothesis("one more deal", "s", head, Add:
        [
            new HypotheticalTransaction(new MonetaryPayload(1000m, "EUR", MoneyDirection.Revenue), new DateTimeOffset(2026, 1, 20, 0, 0, 0, TimeSpan.Zero),
                History.Customer, [History.Staff], InitiativeId, "email", "sales", History.Customer),
        ]));
        Figure(added, "roi/Forum/monetaryGain").ShouldBe(3000m);
        added.HypotheticalTransactions.Count.ShouldBe(1);

        // Only transactions before the first interaction's hour: nothing remains but costs.
        var windowed = await RunAsync(new Hypothesis("before anything", "s", head, Only: new TransactionFilter(To: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))));
        Figure(windowed, "roi/Forum/monetaryGain").ShouldBe(0m);
        Figure(windowed, "roi/Forum/totalValue").ShouldBe(0m);
    }

    [Fact]
    public async Task A_pilot_pinned_before_the_void_sees_the_history_as_it_was()
    {
        await BuildHistoryAsync();
        var result = await RunAsync(new Hypothesis("then", "s", BeforeVoid));
        Figure(result, "roi/Forum/totalValue", hypothesis: false).ShouldBe(75m);
    }

    [Fact]
    public async Task A_pilot_run_leaves_the_production_read_models_byte_identical()
    {
        await BuildHistoryAsync();
        var before = await FactsAsync("transactions_v1");
        var checkpoint = (await (await StartDaemonAsync()).StatusAsync(CancellationToken.None)).Single().Checkpoint;

        await RunAsync(new Hypothesis("no email", "s", await HeadAsync(), Drop: new TransactionFilter(Channels: ["email"]), ScaleCosts: [new CostScale(InitiativeId, 3m)]));

        (await FactsAsync("transactions_v1")).ShouldBe(before);
        (await (await StartDaemonAsync()).StatusAsync(CancellationToken.None)).Single().Checkpoint.ShouldBe(checkpoint);
    }

    [Fact]
    public async Task A_pilot_run_can_be_cancelled()
    {
        await BuildHistoryAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() =>
            PilotRunner.RunAsync(Store, new Hypothesis("x", "s", 1), null, cancelled.Token));
    }
}
