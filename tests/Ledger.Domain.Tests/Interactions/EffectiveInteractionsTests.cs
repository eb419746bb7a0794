using Ledger.Domain.Interactions;
using static Ledger.Domain.Tests.Support.Samples;

namespace Ledger.Domain.Tests.Interactions;

public class EffectiveInteractionsTests
{
    private static readonly Guid Third = new("f0000000-0000-0000-0000-000000000003");

    [Fact]
    public void Keeps_recorded_interactions_in_recording_order()
    {
        var view = EffectiveInteractions.From([Opened(), Recorded(OtherInteractionId), Recorded(InteractionId)]);

        view.Select(i => i.InteractionId).ShouldBe([OtherInteractionId, InteractionId]);
        view[0].Payload.ShouldBe(Revenue());
        view[0].Reclassified.ShouldBeFalse();
    }

    [Fact]
    public void A_reclassification_replaces_the_payload_and_kind()
    {
        var view = EffectiveInteractions.From([Recorded(), Reclassified(Gratitude())]);

        var only = view.ShouldHaveSingleItem();
        only.Payload.ShouldBe(Gratitude());
        only.Kind.ShouldBe(TransactionKind.Emotional);
        only.Reclassified.ShouldBeTrue();
        only.ContentHash.ShouldBe(Hash);
    }

    [Fact]
    public void The_latest_reclassification_wins()
    {
        var view = EffectiveInteractions.From([Recorded(), Reclassified(Gratitude()), Reclassified(Answer())]);

        view.ShouldHaveSingleItem().Payload.ShouldBe(Answer());
    }

    [Fact]
    public void A_voided_interaction_is_removed()
    {
        var view = EffectiveInteractions.From([Recorded(), Recorded(OtherInteractionId), Voided()]);

        view.Select(i => i.InteractionId).ShouldBe([OtherInteractionId]);
    }

    [Fact]
    public void Corrections_after_a_void_do_not_bring_the_interaction_back()
    {
        var view = EffectiveInteractions.From([Recorded(), Voided(), Reclassified(Gratitude()), Recorded()]);

        view.ShouldBeEmpty();
    }

    [Fact]
    public void Corrections_of_unknown_interactions_are_ignored()
    {
        var view = EffectiveInteractions.From([Reclassified(Gratitude(), Third), Voided(Third), Recorded()]);

        view.ShouldHaveSingleItem().Payload.ShouldBe(Revenue());
    }

    [Fact]
    public void Apply_folds_one_interaction_for_a_projection_row()
    {
        var row = EffectiveInteractions.Apply(null, Recorded());
        row.ShouldNotBeNull().Kind.ShouldBe(TransactionKind.Monetary);

        EffectiveInteractions.Apply(row, Reclassified(Gratitude(), Third)).ShouldBeSameAs(row);
        EffectiveInteractions.Apply(row, Reclassified(Gratitude()))!.Kind.ShouldBe(TransactionKind.Emotional);
        EffectiveInteractions.Apply(row, Voided()).ShouldBeNull();
    }
}
