using System.Text;
using Ledger.Domain;
using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Ledger.Domain.Participants;
using Ledger.EventStore;
using Ledger.Projections.Demo;
using Ledger.Projections.Serialization;
using Ledger.Projections.Transactions;

namespace Ledger.Projections.Tests.Demo;

public class DemoStreamTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The roster (24 colleagues, 60 counterparts), three day-one initiatives and the year's 81 calendar items.</summary>
    private const long FixedEvents = 168;

    [Fact]
    public void The_same_seed_gives_the_same_events_and_another_seed_other_events()
    {
        var first = DemoCompany.Stream(5, 20_000, Start).Select(Text);
        var again = DemoCompany.Stream(5, 20_000, Start).Select(Text);
        first.SequenceEqual(again).ShouldBeTrue();

        var other = DemoCompany.Stream(6, 20_000, Start).Select(Text);
        first.Zip(other).Count(pair => pair.First == pair.Second).ShouldBeLessThan(100);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(5_003)]
    [InlineData(100_000)]
    public void Has_exactly_the_target_number_of_events(long target) =>
        DemoCompany.Stream(3, target, Start).LongCount().ShouldBe(target);

    [Theory]
    [InlineData(0, FixedEvents)]
    [InlineData(100, FixedEvents)]
    [InlineData(FixedEvents, FixedEvents)]
    [InlineData(FixedEvents + 1, FixedEvents + 1)]
    public void Has_at_least_the_fixed_part_of_the_company(long target, long expected) =>
        DemoCompany.Stream(3, target, Start).LongCount().ShouldBe(expected);

    [Fact]
    public void Rejects_a_negative_size() =>
        Should.Throw<ArgumentOutOfRangeException>(() => DemoCompany.Stream(1, -1, Start));

    [Fact]
    public void Even_a_thousand_events_show_every_kind_role_correction_and_lineage()
    {
        var census = DemoCensus.Of(DemoCompany.Stream(11, 1_000, Start));

        census.Kinds.ShouldBe(Enum.GetValues<TransactionKind>(), ignoreOrder: true);
        census.CounterpartRoles.ShouldBe(Enum.GetValues<ExternalRole>(), ignoreOrder: true);
        census.Departments.Count.ShouldBeGreaterThanOrEqualTo(8);
        census.OfficeCountries.Count.ShouldBeGreaterThanOrEqualTo(5);
        census.CostsByInitiative.Count.ShouldBeGreaterThanOrEqualTo(4);
        census.CostsByInitiative.Values.ShouldAllBe(costs => costs >= 6);
        census.Voids.ShouldBeGreaterThan(0);
        census.Reclassifications.ShouldBeGreaterThan(0);
        census.Moves.ShouldBeGreaterThan(0);
        census.Reports.ShouldBe(["roi", "outcomes", "attribution"], ignoreOrder: true);
        census.Cited.ShouldBe([EntityKind.Interaction, EntityKind.Conversation, EntityKind.Decision, EntityKind.ReportSnapshot], ignoreOrder: true);
        census.DecisionsCitingInteractionsAndReports.ShouldBeGreaterThanOrEqualTo(15);
        census.Superseded.ShouldBe(1);
    }

    [Fact]
    public void A_larger_history_uses_every_channel_and_builds_on_answers_across_conversations()
    {
        var census = DemoCensus.Of(DemoCompany.Stream(11, 50_000, Start));

        census.Channels.ShouldBe(Enum.GetValues<Channel>(), ignoreOrder: true);
        census.Joins.ShouldBeGreaterThan(100);
        census.BuildsOnElsewhere.ShouldBeGreaterThan(100);
        census.Voids.ShouldBeGreaterThan(100);
        census.Reclassifications.ShouldBeGreaterThan(100);
    }

    /// <summary>
    /// 120k events: large enough that conversations are compressed in time (see DemoPlan.TimeScale), small enough to
    /// re-decide every event against the whole history.
    /// </summary>
    [Fact]
    public void Every_event_re_decides_identically_in_time_order_and_folds_into_the_transactions_projection()
    {
        var replay = new DemoReplay();
        var census = new DemoCensus();
        var folder = new TransactionFolder();
        var recorded = 0L;
        var voided = 0L;
        foreach (var (streamId, happened, at) in DemoCompany.Stream(2, 120_000, Start))
        {
            replay.Apply(streamId, happened);
            census.Add(streamId, happened, at);
            if (happened is DemoReportSnapshot) continue;
            folder.Apply(new StoredEvent(census.Events, streamId, 0, Guid.NewGuid(), EventTypes.Of(happened.GetType()).Name, 1, "{}", "test", null, null, at, at, []),
                happened);
            if (happened is InteractionRecorded) recorded++;
            if (happened is InteractionVoided) voided++;
        }

        replay.DomainEvents.ShouldBe(120_000 - replay.Snapshots);
        census.InTimeOrder.ShouldBeTrue();
        census.First.ShouldBe(Start);
        (census.Last - census.First).ShouldBeGreaterThan(TimeSpan.FromDays(365));
        var facts = folder.ToReportData(census.Events).Facts;
        facts.Count.ShouldBe((int)(recorded - voided));
        facts.Select(f => f.Fact.Kind).Distinct().Count().ShouldBe(4);
        facts.ShouldAllBe(f => f.Fact.Department != null && f.Fact.CounterpartId != null);
    }

    [Fact]
    public void Generate_keeps_its_in_memory_history_for_existing_callers()
    {
        var history = DemoCompany.Generate(42, 400, Start);
        history.Count.ShouldBeGreaterThan(400 * 3);
        history.Select(Text).SequenceEqual(DemoCompany.Generate(42, 400, Start).Select(Text)).ShouldBeTrue();
        history.Select(h => h.Event).OfType<ParticipantRegistered>().Count().ShouldBe(24 + 60);
    }

    private static string Text((string StreamId, object Event, DateTimeOffset At) item) =>
        item.Event is DemoReportSnapshot snapshot
            ? $"{item.StreamId} {snapshot} {item.At:O}"
            : $"{item.StreamId} {Encoding.UTF8.GetString(EventSerializer.ToEventData(item.Event, Guid.Empty, new EventMetadata("test", default)).Data.Span)} {item.At:O}";
}
