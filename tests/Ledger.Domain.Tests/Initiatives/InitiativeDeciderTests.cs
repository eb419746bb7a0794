using Ledger.Domain.Common;
using Ledger.Domain.Initiatives;
using Ledger.Domain.Tests.Support;
using static Ledger.Domain.Tests.Support.Samples;

namespace Ledger.Domain.Tests.Initiatives;

public class InitiativeDeciderTests
{
    private static readonly Guid CostId = new("c0570000-0000-0000-0000-000000000001");

    private static DeciderSpec<InitiativeCommand, InitiativeEvent, InitiativeState> Spec(ReferenceExists? exists = null) =>
        DeciderSpec.For<InitiativeCommand, InitiativeEvent, InitiativeState>(
            (c, s) => InitiativeDecider.Decide(c, s, exists ?? Known.Everything), InitiativeDecider.Evolve, InitiativeDecider.Initial);

    private static LaunchInitiative Launch() =>
        new(InitiativeId, "Community forum", Alice, "Answering on the forum cuts support cost by 10%.", T0, T0.AddMonths(6));

    private static InitiativeLaunched Launched() =>
        new(InitiativeId, "Community forum", Alice, "Answering on the forum cuts support cost by 10%.", T0, T0.AddMonths(6));

    private static IncurInitiativeCost Incur() =>
        new(InitiativeId, CostId, new Money(4500m, "EUR"), CostCategory.People, T0.AddDays(10));

    private static InitiativeCostIncurred Incurred() =>
        new(InitiativeId, CostId, new Money(4500m, "EUR"), CostCategory.People, T0.AddDays(10));

    private static InitiativeEnded Ended() => new(InitiativeId, T0.AddMonths(5));

    [Fact]
    public void Launches_an_initiative() =>
        Spec().When(Launch()).Then(Launched());

    [Fact]
    public void Launching_twice_is_a_no_op() =>
        Spec().Given(Launched()).When(Launch()).ThenNothing();

    [Fact]
    public void Rejects_launching_an_existing_initiative_differently() =>
        Spec().Given(Launched()).When(Launch() with { Name = "Other" }).ThenThrows("initiative_already_launched", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_an_initiative_without_name() =>
        Spec().When(Launch() with { Name = "" }).ThenRejectsField("name", "required");

    [Fact]
    public void Rejects_a_name_longer_than_two_hundred_characters() =>
        Spec().When(Launch() with { Name = new string('n', 201) }).ThenRejectsField("name", "too_long");

    [Fact]
    public void Rejects_an_initiative_without_hypothesis() =>
        Spec().When(Launch() with { Hypothesis = " " }).ThenRejectsField("hypothesis", "required");

    [Fact]
    public void Rejects_a_hypothesis_longer_than_four_thousand_characters() =>
        Spec().When(Launch() with { Hypothesis = new string('h', 4001) }).ThenRejectsField("hypothesis", "too_long");

    [Fact]
    public void Rejects_a_planned_end_before_the_start() =>
        Spec().When(Launch() with { PlannedEndAt = T0.AddDays(-1) }).ThenRejectsField("plannedEndAt", "end_before_start");

    [Fact]
    public void Rejects_an_unregistered_owner() =>
        Spec(Known.Nothing).When(Launch()).ThenThrows("unknown_participant", DomainErrorKind.NotFound);

    [Fact]
    public void Records_a_cost() =>
        Spec().Given(Launched()).When(Incur() with { Cost = new Money(4500m, "eur") }).Then(Incurred());

    [Fact]
    public void Recording_the_same_cost_twice_is_a_no_op() =>
        Spec().Given(Launched(), Incurred()).When(Incur()).ThenNothing();

    [Fact]
    public void Rejects_reusing_a_cost_id_for_another_amount() =>
        Spec().Given(Launched(), Incurred()).When(Incur() with { Cost = new Money(1m, "EUR") })
            .ThenThrows("cost_already_recorded", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_a_cost_on_an_ended_initiative() =>
        Spec().Given(Launched(), Ended()).When(Incur()).ThenThrows("initiative_ended", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_a_cost_before_the_initiative_starts() =>
        Spec().Given(Launched()).When(Incur() with { IncurredAt = T0.AddSeconds(-1) })
            .ThenThrows("cost_before_initiative_start", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_a_cost_on_an_unknown_initiative() =>
        Spec().When(Incur()).ThenThrows("initiative_not_found", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_a_non_positive_cost() =>
        Spec().Given(Launched()).When(Incur() with { Cost = new Money(0m, "EUR") }).ThenRejectsField("cost.amount", "non_positive_amount");

    [Fact]
    public void Rejects_a_cost_in_an_unknown_currency() =>
        Spec().Given(Launched()).When(Incur() with { Cost = new Money(10m, "ABC") }).ThenRejectsField("cost.currency", "unknown_currency");

    [Fact]
    public void Rejects_an_undefined_cost_category() =>
        Spec().Given(Launched()).When(Incur() with { Category = (CostCategory)99 }).ThenRejectsField("category", "invalid_value");

    [Fact]
    public void Ends_an_initiative() =>
        Spec().Given(Launched()).When(new EndInitiative(InitiativeId, T0.AddMonths(5))).Then(Ended());

    [Fact]
    public void Ending_twice_is_a_no_op() =>
        Spec().Given(Launched(), Ended()).When(new EndInitiative(InitiativeId, T0.AddMonths(7))).ThenNothing();

    [Fact]
    public void Rejects_ending_before_the_start() =>
        Spec().Given(Launched()).When(new EndInitiative(InitiativeId, T0.AddDays(-1))).ThenThrows("end_before_start", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_ending_an_unknown_initiative() =>
        Spec().When(new EndInitiative(InitiativeId, T0)).ThenThrows("initiative_not_found", DomainErrorKind.NotFound);

    [Fact]
    public void Keeps_costs_by_id_across_the_end()
    {
        var state = new InitiativeEvent[] { Launched(), Incurred(), Ended() }.Aggregate(InitiativeDecider.Initial, InitiativeDecider.Evolve);

        state.ShouldBeOfType<InitiativeState.Ended>().Costs[CostId].Cost.ShouldBe(new Money(4500m, "EUR"));
    }
}
