using System.Text.Json;
using Ledger.Domain.Common;
using Ledger.Domain.Initiatives;
using Ledger.Domain.Interactions;
using Ledger.EventStore;
using Ledger.Projections.Analytics;
using Ledger.Projections.Daemon;
using Ledger.Projections.ReadModels;
using Ledger.Projections.Reports;
using Ledger.Projections.Serialization;
using Ledger.Projections.Tests.Daemon;

namespace Ledger.Projections.Tests.Reports;

/// <summary>
/// The ROI at the head answered from the totals kept in memory (<see cref="HeadRoi"/>) must be byte for byte the
/// report computed over the facts (<see cref="HeadRoi.ComputeAsync"/>, the path of time travel) at the same position:
/// on a seeded history with amounts of every scale, three currencies, negative emotions, corrections and costs; after
/// more events arrive (the totals are then only caught up); after a settings change; and never stale.
/// </summary>
public class HeadRoiTests : ProjectionTestBase
{
    private const string TableSet = "transactions_v1";
    private static readonly DateTimeOffset Jan1 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Random _random = new(20261124);
    private readonly List<(Guid Conversation, Guid Interaction)> _recorded = [];
    private readonly List<Guid> _initiatives = [];
    private readonly List<Guid> _conversations = [];
    private ProjectionDaemon _daemon = null!;

    [Fact]
    public async Task The_head_answer_equals_the_computation_over_the_facts_as_events_arrive_and_settings_change()
    {
        await SeedAsync(interactions: 300);
        var roi = new HeadRoi();
        var first = await AssertSameAsync(roi);
        first.Initiatives.Count.ShouldBe(3);
        first.Initiatives.ShouldAllBe(i => i.Roi.Curve.Count > 10);

        // More of everything, voids and reclassifications of facts already folded (amounts of another scale).
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 40; i++) await RecordAsync(_conversations[_random.Next(_conversations.Count)], RandomPayload());
            for (var i = 0; i < 5; i++)
            {
                var (conversation, interaction) = _recorded[_random.Next(_recorded.Count)];
                if (i % 2 == 0) await History.VoidAsync(conversation, interaction);
                else await History.ReclassifyAsync(conversation, interaction, new MonetaryPayload(7.125m, "GBP", MoneyDirection.Saving));
            }
            await CostAsync(_initiatives[round], 99.999m, "USD", Jan1.AddDays(round * 11));
            await AssertSameAsync(roi);
        }

        // A new model and corrected rates: every total is valued again, and the answer changes.
        var before = await AssertSameAsync(roi);
        var meta = new EventMetadata("test", Jan1);
        await Store.AppendAsync(ReportSettings.ModelStream, ExpectedVersion.Any, [ReportSettings.ModelSet(ModelV2, Guid.NewGuid(), meta)]);
        await Store.AppendAsync(ReportSettings.RatesStream, ExpectedVersion.Any,
            [ReportSettings.RateSet(new ConversionRate("USD", new DateOnly(2026, 1, 20), 0.9531m), Guid.NewGuid(), meta)]);
        var after = await AssertSameAsync(roi);
        after.Model.Version.ShouldBe(2);
        Json(after.Initiatives).ShouldNotBe(Json(before.Initiatives));

        // The same rate recorded again changes nothing but the position.
        await Store.AppendAsync(ReportSettings.RatesStream, ExpectedVersion.Any,
            [ReportSettings.RateSet(new ConversionRate("USD", new DateOnly(2026, 1, 20), 0.9531m), Guid.NewGuid(), meta)]);
        Json((await AssertSameAsync(roi)).Initiatives).ShouldBe(Json(after.Initiatives));
    }

    [Fact]
    public async Task A_head_answer_is_never_stale_once_an_append_has_been_projected()
    {
        await SeedAsync(interactions: 40);
        var roi = new HeadRoi();
        var head = (await Store.ReadHeadAsync()).Position;
        await _daemon.WaitForAsync(head, CancellationToken.None);
        var before = await roi.AtHeadAsync(Store, TableSet, head, CancellationToken.None);
        (await roi.AtHeadAsync(Store, TableSet, head, CancellationToken.None)).ShouldBeSameAs(before);

        var conversation = _conversations[0];   // of the first initiative
        await RecordAsync(conversation, new MonetaryPayload(100m, "EUR", MoneyDirection.Revenue));
        var now = (await Store.ReadHeadAsync()).Position;
        await _daemon.WaitForAsync(now, CancellationToken.None);

        var after = await roi.AtHeadAsync(Store, TableSet, now, CancellationToken.None);
        after.AsOfPosition.ShouldBe(now);
        var id = _initiatives[0];
        after.Initiatives.Single(i => i.InitiativeId == id).Roi.Revenue.ShouldBe(before.Initiatives.Single(i => i.InitiativeId == id).Roi.Revenue + 100m);
        Json(after).ShouldBe(Json(await HeadRoi.ComputeAsync(Store, TableSet, now, CancellationToken.None)));

        // A request that read an older head is answered at the later position already reached, never earlier.
        (await roi.AtHeadAsync(Store, TableSet, head, CancellationToken.None)).AsOfPosition.ShouldBe(now);
    }

    [Fact]
    public async Task A_missing_rate_fails_with_the_error_of_the_computation_over_the_facts()
    {
        await SeedAsync(interactions: 20);
        var roi = new HeadRoi();
        await AssertSameAsync(roi);
        await RecordAsync(_conversations[1], new MonetaryPayload(10m, "CHF", MoneyDirection.Revenue));
        var head = (await Store.ReadHeadAsync()).Position;
        await _daemon.WaitForAsync(head, CancellationToken.None);

        var expected = await Should.ThrowAsync<MissingConversionRateException>(() => HeadRoi.ComputeAsync(Store, TableSet, head, CancellationToken.None));
        var actual = await Should.ThrowAsync<MissingConversionRateException>(() => roi.AtHeadAsync(Store, TableSet, head, CancellationToken.None));
        actual.Message.ShouldBe(expected.Message);

        // Once the rate is recorded, the head answers again (and equals the facts' answer).
        await Store.AppendAsync(ReportSettings.RatesStream, ExpectedVersion.Any,
            [ReportSettings.RateSet(new ConversionRate("CHF", new DateOnly(2025, 1, 1), 1.05m), Guid.NewGuid(), new EventMetadata("test", Jan1))]);
        await AssertSameAsync(roi);
    }

    [Fact]
    public async Task A_rebuilt_table_set_is_folded_from_the_start()
    {
        await SeedAsync(interactions: 30);
        var roi = new HeadRoi();
        var live = await AssertSameAsync(roi);
        var rebuilt = await _daemon.RebuildAsync("transactions");
        rebuilt.ShouldNotBe(TableSet);
        var head = (await Store.ReadHeadAsync()).Position;
        var answer = await roi.AtHeadAsync(Store, rebuilt, head, CancellationToken.None);
        Json(answer).ShouldBe(Json(await HeadRoi.ComputeAsync(Store, rebuilt, head, CancellationToken.None)));
        Json(answer.Initiatives).ShouldBe(Json(live.Initiatives));
    }

    /// <summary>Waits for the daemon to reach the head, then compares the head answer with the facts' answer, as JSON.</summary>
    private async Task<RoiAnswer> AssertSameAsync(HeadRoi roi)
    {
        var head = (await Store.ReadHeadAsync()).Position;
        await _daemon.WaitForAsync(head, CancellationToken.None);
        var fast = await roi.AtHeadAsync(Store, TableSet, head, CancellationToken.None);
        fast.AsOfPosition.ShouldBe(head);
        Json(fast).ShouldBe(Json(await HeadRoi.ComputeAsync(Store, TableSet, head, CancellationToken.None)));
        return fast;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, DomainJson.Options);

    /// <summary>Rates, three initiatives (names not in launch order) with costs of several scales and currencies, two conversations each and one without, and seeded interactions.</summary>
    private async Task SeedAsync(int interactions)
    {
        var meta = new EventMetadata("test", Jan1);
        await Store.AppendAsync(ReportSettings.RatesStream, ExpectedVersion.Any,
        [
            ReportSettings.RateSet(new ConversionRate("USD", new DateOnly(2025, 12, 1), 0.92m), Guid.NewGuid(), meta),
            ReportSettings.RateSet(new ConversionRate("GBP", new DateOnly(2025, 12, 1), 1.1725m), Guid.NewGuid(), meta),
        ]);
        foreach (var name in new[] { "Social", "Forum", "Partners" })
        {
            var id = Guid.NewGuid();
            _initiatives.Add(id);
            await History.AppendAsync(StreamIds.Initiative(id), new InitiativeLaunched(id, name, History.Staff, "it pays", Jan1, null));
            await CostAsync(id, 1000m, "EUR", Jan1.AddDays(2));
            await CostAsync(id, 450.5m, "USD", Jan1.AddDays(17));
        }
        foreach (var initiative in _initiatives)
        {
            _conversations.Add(await History.ConversationAsync(0, initiative));
            _conversations.Add(await History.ConversationAsync(0, initiative));
        }
        _conversations.Add(await History.ConversationAsync(0));
        for (var i = 0; i < interactions; i++) await RecordAsync(_conversations[_random.Next(_conversations.Count)], RandomPayload());
        for (var i = 0; i < interactions / 10; i++)
        {
            var (conversation, interaction) = _recorded[_random.Next(_recorded.Count)];
            if (i % 2 == 0) await History.ReclassifyAsync(conversation, interaction, new EmotionalPayload(EmotionalSignal.Frustration, -0.75m, 2));
            else await History.VoidAsync(conversation, interaction);
        }
        _daemon = await StartDaemonAsync();
    }

    private Task CostAsync(Guid initiative, decimal amount, string currency, DateTimeOffset at) =>
        History.AppendAsync(StreamIds.Initiative(initiative), new InitiativeCostIncurred(initiative, Guid.NewGuid(), new Money(amount, currency), CostCategory.People, at));

    private async Task RecordAsync(Guid conversation, TransactionPayload payload)
    {
        var id = Guid.NewGuid();
        // Over two months, at any minute of the day. (UTC: the transactions projection cannot yet store an instant
        // with another offset; see the report of this change.)
        var at = Jan1.AddDays(_random.Next(0, 60)).AddMinutes(_random.Next(0, 24 * 60));
        await History.AppendAsync(StreamIds.Conversation(conversation), new InteractionRecorded(conversation, id, History.Customer, [History.Staff], at,
            new string('a', 64), new SourceRef("test", id.ToString()), payload, new Classification(ClassificationSource.Manual)));
        _recorded.Add((conversation, id));
    }

    /// <summary>Every kind, with amounts, quantities and valences of 0 to 3 decimals (the figures must keep their digits).</summary>
    private TransactionPayload RandomPayload() =>
        _random.Next(4) switch
        {
            0 => new MonetaryPayload(Pick(10m, 10.5m, 10.25m, 0.125m, 1999.99m, 3m), Pick("EUR", "USD", "GBP"), Pick(Enum.GetValues<MoneyDirection>())),
            1 => new InformationalPayload(Pick(Enum.GetValues<InformationKind>()), "topic"),
            2 => new LogisticalPayload("item", Pick(1m, 2.5m, 0.75m, 3m), Pick("unit", "pallet", "pcs"), Pick(Enum.GetValues<LogisticalStatus>())),
            _ => new EmotionalPayload(Pick(Enum.GetValues<EmotionalSignal>()), Pick(0.5m, -0.25m, 1m, -1m, 0.8m, -0.333m), _random.Next(1, 6)),
        };

    private T Pick<T>(params T[] values) => values[_random.Next(values.Length)];

    private static ValuationModel ModelV2 { get; } = ValuationModel.Default with
    {
        Version = 2,
        Informational = new Dictionary<InformationKind, decimal> { [InformationKind.Answer] = 41.5m, [InformationKind.Referral] = 150.25m, [InformationKind.Idea] = 60m },
        Emotional = new EmotionalValuation(10m, new Dictionary<EmotionalSignal, decimal> { [EmotionalSignal.Complaint] = 12.5m }),
        Logistical = new LogisticalValuation(
            new Dictionary<LogisticalStatus, decimal> { [LogisticalStatus.Delivered] = 5.5m, [LogisticalStatus.Shipped] = 0.5m },
            [new LogisticalUnitRate("pallet", LogisticalStatus.Delivered, 30m)]),
    };
}
