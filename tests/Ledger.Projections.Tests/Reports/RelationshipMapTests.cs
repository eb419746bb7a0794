using Ledger.Domain;
using Ledger.Domain.Interactions;
using Ledger.Projections.Analytics;
using Ledger.Projections.Reports;
using Ledger.Projections.Transactions;
using static Ledger.Projections.Tests.Analytics.Interactions;

namespace Ledger.Projections.Tests.Reports;

/// <summary>The map computed from facts in memory: the grouping and ordering its folds and edges rely on.</summary>
public class RelationshipMapTests
{
    private static readonly ParticipantInfo Us = new(Guid.NewGuid(), "internal", "sales", "DE", null, null);
    private static readonly ParticipantInfo Colleague = new(Guid.NewGuid(), "internal", "ops", "DE", null, null);
    private static readonly ParticipantInfo Them = new(Guid.NewGuid(), "external", null, "FR", "customer", "org-1");
    private static readonly ParticipantInfo Others = new(Guid.NewGuid(), "external", null, "FR", "customer", "org-2");
    private static readonly ParticipantInfo Silent = new(Guid.NewGuid(), "external", null, "FR", "supplier", "org-3");
    private static readonly Guid ConversationA = Guid.NewGuid();
    private static readonly Guid ConversationB = Guid.NewGuid();

    private static EffectiveInteraction Sent(ParticipantInfo sender, ParticipantInfo[] receivers, int day, TransactionPayload payload, Guid conversation) =>
        Between(sender.ParticipantId, receivers[0].ParticipantId, Day(2026, 3, 1).AddDays(day), payload, conversation) with
        {
            ReceiverIds = [.. receivers.Select(r => r.ParticipantId)],
        };

    private static RelationshipMapReport Map(params EffectiveInteraction[] inLogOrder) =>
        RelationshipMap.Compute(new ReportData(
            inLogOrder.Length,
            [.. inLogOrder.Select((i, n) => new FactInForce(n + 1, Guid.NewGuid(), TransactionFact.From(i, null, "email", "sales", null)))],
            [], [], [Us, Colleague, Them, Others, Silent]));

    [Fact]
    public void Counterparts_are_folded_in_time_order_even_when_the_log_is_not()
    {
        // The revenue is logged last but happened first (as a reclassified fact would): Trusting at once, not Aware first.
        var delivery = Sent(Us, [Them], 2, Delivered(1), ConversationA);
        var reply = Sent(Them, [Us], 3, Info(InformationKind.Answer), ConversationB);
        var revenue = Sent(Us, [Them], 1, Revenue(100m), ConversationA);

        var map = Map(delivery, reply, revenue);

        var them = map.Counterparts.ShouldHaveSingleItem();
        them.CounterpartId.ShouldBe(Them.ParticipantId);
        them.Changes.Select(c => (c.InteractionId, c.From, c.To)).ShouldBe([(revenue.InteractionId, RelationshipLevel.Unknown, RelationshipLevel.Trusting)]);
        map.Nodes.Single(n => n.ParticipantId == Them.ParticipantId).Level.ShouldBe(RelationshipLevel.Trusting);
        map.Nodes.Single(n => n.ParticipantId == Silent.ParticipantId).Level.ShouldBeNull();

        // One edge, its kinds in the order they first occur in time.
        var edge = map.Edges.ShouldHaveSingleItem();
        edge.Weight.ShouldBe(3);
        edge.ByKind.ShouldBe([new(TransactionKind.Monetary, 1), new(TransactionKind.Logistical, 1), new(TransactionKind.Informational, 1)]);
        edge.InternalExternal.ShouldBeTrue();
    }

    [Fact]
    public void A_counterpart_named_twice_in_an_interaction_takes_part_in_it_once()
    {
        // Two interactions in two conversations: Aware. Counting either twice would make three, enough to be Engaged.
        var map = Map(
            Sent(Colleague, [Others, Others], 0, Delivered(1), ConversationA),
            Sent(Others, [Colleague, Others], 1, Delivered(1), ConversationB));

        var others = map.Counterparts.ShouldHaveSingleItem();
        others.Level.ShouldBe(RelationshipLevel.Aware);
        others.Changes.Count.ShouldBe(1);
    }

    [Fact]
    public void Edges_are_listed_heaviest_first_then_by_ids()
    {
        var map = Map(
            Sent(Us, [Them, Colleague], 0, Delivered(1), ConversationA),
            Sent(Them, [Us], 1, Delivered(1), ConversationA),
            Sent(Colleague, [Others], 2, Delivered(1), ConversationB),
            Sent(Others, [Colleague], 3, Delivered(1), ConversationB),
            Sent(Us, [Others], 4, Delivered(1), ConversationB));

        map.Edges.Select(e => e.Weight).ShouldBe([2, 2, 1, 1]);
        map.Edges.ShouldBe([.. map.Edges.OrderByDescending(e => e.Weight).ThenBy(e => e.A).ThenBy(e => e.B)]);
        map.Edges.ShouldAllBe(e => e.A.CompareTo(e.B) < 0);
        map.Edges.Single(e => e.InternalExternal == false).CrossDepartment.ShouldBeTrue();
    }
}
