using Ledger.Domain.Initiatives;
using Ledger.Domain.Interactions;
using Ledger.Domain.Participants;
using Ledger.EventStore;
using Ledger.Projections.Analytics;
using Ledger.Projections.Demo;
using Ledger.Projections.Pilots;
using Ledger.Projections.Reports;
using Ledger.Projections.Serialization;
using Ledger.Projections.Tests.Daemon;
using Ledger.Projections.Transactions;

namespace Ledger.Projections.Tests.Pilots;

/// <summary>
/// The fast pilot (binary COPY of the folded types only, decoding beside folding, report sets on two low-priority
/// workers, reports the hypothesis leaves alone reused, pacing while recording) gives exactly what the unoptimised pilot
/// (<see cref="UnoptimisedPilot"/>) gives on the same demo history: same figures, same hash, same error.
/// </summary>
public sealed class PilotEquivalenceTests : ProjectionTestBase
{
    private static readonly PilotRunOptions[] Ways =
        [PilotRunOptions.Default, new(Workers: 1, PositionsPerRead: 777), new(Workers: 2, LowPriority: false, PipelinedRead: true, PositionsPerRead: 1_000), new(Workers: 2, PipelinedRead: false), new(Workers: 3, ShareWhileRecording: 1)];

    private IReadOnlyList<(string StreamId, object Event, DateTimeOffset At)> _history = [];

    /// <summary>A streamed demo history: every type the fold folds (department moves, an ended initiative, reclassified and
    /// voided interactions…) and types it ignores (joins, closes, decisions), the report snapshots left out.</summary>
    private async Task<long> LoadDemoAsync(int events = 4_000)
    {
        var meta = new EventMetadata("test", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await Store.AppendAsync(ReportSettings.RatesStream, ExpectedVersion.Any,
        [
            ReportSettings.RateSet(new ConversionRate("USD", new DateOnly(2024, 1, 1), 0.92m), DeterministicId.From("usd"), meta),
            ReportSettings.RateSet(new ConversionRate("GBP", new DateOnly(2024, 1, 1), 1.17m), DeterministicId.From("gbp"), meta),
        ]);
        _history = [.. DemoCompany.Stream(11, events, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)).Where(h => h.Event is not DemoReportSnapshot)];
        TransactionFolder.FoldedTypes.ShouldBeSubsetOf(_history.Select(h => h.Event.GetType()).Distinct());
        await Store.BulkImportAsync(Events(_history));
        return (await Store.ReadHeadAsync()).Position;

        static async IAsyncEnumerable<(string, EventData)> Events(IReadOnlyList<(string StreamId, object Event, DateTimeOffset At)> history)
        {
            var i = 0;
            foreach (var (streamId, e, at) in history)
                yield return (streamId, EventSerializer.ToEventData(e, DeterministicId.From($"demo:{i++}"), new EventMetadata("test", at)));
            await Task.CompletedTask;
        }
    }

    private List<Hypothesis> Hypotheses(long position)
    {
        var initiative = _history.Select(h => h.Event).OfType<InitiativeLaunched>().First().InitiativeId;
        var department = _history.Select(h => h.Event).OfType<ParticipantRegistered>().First(p => p.Department is not null).Department!;
        var counterpart = _history.Select(h => h.Event).OfType<ParticipantRegistered>().First(p => p.Type == ParticipantType.External).ParticipantId;
        var staff = _history.Select(h => h.Event).OfType<ParticipantRegistered>().First(p => p.Type == ParticipantType.Internal).ParticipantId;
        return
        [
            new("nothing", "changes nothing", position),
            new("no email", "s", position, Drop: new TransactionFilter(Channels: ["email"])),
            new("one department", "s", position, Only: new TransactionFilter(Departments: [department])),
            new("without a counterpart", "s", position, Drop: new TransactionFilter(Counterparts: [counterpart], From: new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero))),
            new("dearer", "s", position, ScaleCosts: [new CostScale(initiative, 2.5m)]),
            new("emotions count double", "s", position, Valuation: ValuationModel.Default with { Version = 2, Emotional = new EmotionalValuation(20m) }),
            new("recent touches", "s", position, Attribution: new AttributionSettings("timeDecay", 14, 60)),
            new("one more deal", "s", position, Only: new TransactionFilter(Initiatives: [initiative]), Attribution: new AttributionSettings("firstTouch"),
                Add: [new HypotheticalTransaction(new MonetaryPayload(1234.56m, "USD", MoneyDirection.Revenue), new DateTimeOffset(2025, 6, 2, 9, 0, 0, TimeSpan.Zero),
                    counterpart, [staff], initiative, "email", department, counterpart)]),
        ];
    }

    [Fact]
    public async Task Every_kind_of_hypothesis_gives_the_unoptimised_figures_and_hash_at_the_head_and_half_way()
    {
        var head = await LoadDemoAsync();

        foreach (var position in new[] { head, head / 2 })
        {
            foreach (var hypothesis in Hypotheses(position))
            {
                var expected = await UnoptimisedPilot.RunAsync(Store, hypothesis);
                foreach (var way in Ways)
                {
                    var actual = await PilotRunner.RunAsync(Store, hypothesis, null, way, CancellationToken.None);
                    actual.ResultHash.ShouldBe(expected.ResultHash, $"{hypothesis.Name} at {position} with {way}");
                    actual.Figures.ShouldBe(expected.Figures);
                    actual.HypotheticalTransactions.ShouldBe(expected.HypotheticalTransactions);
                    actual.Currency.ShouldBe(expected.Currency);
                }
            }
        }
    }

    [Fact]
    public async Task A_hypothesis_the_unoptimised_pilot_refuses_is_refused_with_the_same_error()
    {
        var head = await LoadDemoAsync(500);
        var initiative = _history.Select(h => h.Event).OfType<InitiativeLaunched>().First().InitiativeId;
        var twice = new Hypothesis("scaled twice", "s", head, ScaleCosts: [new CostScale(initiative, 2m), new CostScale(initiative, 3m)]);
        var otherCurrency = new Hypothesis("in dollars", "s", head, Valuation: ValuationModel.Default with { Version = 2, ReportingCurrency = "USD" });

        foreach (var hypothesis in new[] { twice, otherCurrency })
        {
            var expected = await Should.ThrowAsync<ArgumentException>(() => UnoptimisedPilot.RunAsync(Store, hypothesis));
            var actual = await Should.ThrowAsync<ArgumentException>(() => PilotRunner.RunAsync(Store, hypothesis, null, CancellationToken.None));
            actual.Message.ShouldBe(expected.Message);
        }
    }

    [Fact]
    public async Task A_pilot_beside_continuous_recording_rests_but_gives_the_same_hash()
    {
        var head = await LoadDemoAsync();
        var hypothesis = Hypotheses(head)[1];
        var expected = await UnoptimisedPilot.RunAsync(Store, hypothesis);
        using var stop = new CancellationTokenSource();
        var meta = new EventMetadata("test", DateTimeOffset.UnixEpoch);
        var recording = Task.Run(async () =>
        {
            var appended = 0;
            while (!stop.IsCancellationRequested)
                await Store.AppendAsync("test-ticks", ExpectedVersion.Any, [EventData.FromJson(Guid.NewGuid(), "test-tick", $"{{\"n\": {appended++}}}", meta)]);
            return appended;
        });

        var actual = await PilotRunner.RunAsync(Store, hypothesis, null, PilotRunOptions.Default with { ShareWhileRecording = 0.5 }, CancellationToken.None);
        await stop.CancelAsync();

        (await recording).ShouldBeGreaterThan(0);
        actual.ResultHash.ShouldBe(expected.ResultHash);
    }

    [Fact]
    public async Task A_pilot_run_cancelled_while_replaying_stops()
    {
        var head = await LoadDemoAsync(16_000);
        using var cancel = new CancellationTokenSource();
        var reported = new List<long>();
        var progress = new SynchronousProgress(p =>
        {
            reported.Add(p);
            cancel.Cancel();
        });

        await Should.ThrowAsync<OperationCanceledException>(() => PilotRunner.RunAsync(Store, new Hypothesis("stopped", "s", head), progress, cancel.Token));

        reported.ShouldNotBeEmpty();
        reported.ShouldAllBe(p => p < head);
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
