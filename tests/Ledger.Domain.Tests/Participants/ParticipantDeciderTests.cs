using Ledger.Domain.Common;
using Ledger.Domain.Participants;
using Ledger.Domain.Tests.Support;
using static Ledger.Domain.Tests.Support.Samples;

namespace Ledger.Domain.Tests.Participants;

public class ParticipantDeciderTests
{
    private static readonly DeciderSpec<ParticipantCommand, ParticipantEvent, ParticipantState> Spec =
        DeciderSpec.For<ParticipantCommand, ParticipantEvent, ParticipantState>(
            ParticipantDecider.Decide, ParticipantDecider.Evolve, ParticipantDecider.Initial);

    private static RegisterParticipant Staff() =>
        new(Alice, ParticipantType.Internal, "Sales", "Lyon", "FR", null, null, T0);

    private static ParticipantRegistered StaffRegistered() =>
        new(Alice, ParticipantType.Internal, "Sales", "Lyon", "FR", null, null, T0);

    private static RegisterParticipant Customer() =>
        new(Bob, ParticipantType.External, null, null, "DE", ExternalRole.Customer, "acme", T0);

    private static MoveParticipantToDepartment Move() => new(Alice, "Support", "Paris", "FR", T0.AddDays(30));

    [Fact]
    public void Registers_an_internal_participant() =>
        Spec.When(Staff()).Then(StaffRegistered());

    [Fact]
    public void Registers_an_external_participant_with_role_and_organisation() =>
        Spec.When(Customer()).Then(new ParticipantRegistered(Bob, ParticipantType.External, null, null, "DE", ExternalRole.Customer, "acme", T0));

    [Fact]
    public void Normalises_country_and_trims_text() =>
        Spec.When(Staff() with { Department = " Sales ", Country = "fr" }).Then(StaffRegistered());

    [Fact]
    public void Registered_events_carry_no_personal_data() =>
        typeof(ParticipantRegistered).GetProperties().Select(p => p.Name)
            .ShouldBe(["ParticipantId", "Type", "Department", "Office", "Country", "ExternalRole", "OrganisationId", "RegisteredAt"], ignoreOrder: true);

    [Fact]
    public void Registering_again_with_the_same_attributes_is_a_no_op() =>
        Spec.Given(StaffRegistered()).When(Staff() with { RegisteredAt = T0.AddHours(1) }).ThenNothing();

    [Fact]
    public void Rejects_registering_again_with_other_attributes() =>
        Spec.Given(StaffRegistered()).When(Staff() with { Department = "Legal" })
            .ThenThrows("participant_already_registered", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_an_unknown_country() =>
        Spec.When(Staff() with { Country = "XX" }).ThenRejectsField("country", "unknown_country");

    [Fact]
    public void Rejects_an_external_participant_without_role() =>
        Spec.When(Customer() with { ExternalRole = null }).ThenRejectsField("externalRole", "required");

    [Fact]
    public void Rejects_an_undefined_external_role() =>
        Spec.When(Customer() with { ExternalRole = (ExternalRole)9 }).ThenRejectsField("externalRole", "invalid_value");

    [Fact]
    public void Rejects_an_internal_participant_with_an_external_role() =>
        Spec.When(Staff() with { ExternalRole = ExternalRole.Partner }).ThenRejectsField("externalRole", "not_allowed");

    [Fact]
    public void Rejects_an_internal_participant_with_an_organisation() =>
        Spec.When(Staff() with { OrganisationId = "acme" }).ThenRejectsField("organisationId", "not_allowed");

    [Fact]
    public void Rejects_a_department_longer_than_one_hundred_characters() =>
        Spec.When(Staff() with { Department = new string('d', 101) }).ThenRejectsField("department", "too_long");

    [Fact]
    public void Rejects_an_empty_participant_id() =>
        Spec.When(Staff() with { ParticipantId = Guid.Empty }).ThenRejectsField("participantId", "empty_id");

    [Fact]
    public void Moves_an_internal_participant_to_another_department() =>
        Spec.Given(StaffRegistered()).When(Move()).Then(new ParticipantMovedDepartment(Alice, "Support", "Paris", "FR", T0.AddDays(30)));

    [Fact]
    public void Moving_to_the_current_department_is_a_no_op() =>
        Spec.Given(StaffRegistered(), new ParticipantMovedDepartment(Alice, "Support", "Paris", "FR", T0)).When(Move()).ThenNothing();

    [Fact]
    public void Rejects_moving_an_unregistered_participant() =>
        Spec.When(Move()).ThenThrows("participant_not_found", DomainErrorKind.NotFound);

    [Fact]
    public void Rejects_moving_an_external_participant() =>
        Spec.Given(new ParticipantRegistered(Alice, ParticipantType.External, null, null, null, ExternalRole.Partner, null, T0))
            .When(Move()).ThenThrows("participant_not_internal", DomainErrorKind.Conflict);

    [Fact]
    public void Rejects_moving_without_a_department() =>
        Spec.Given(StaffRegistered()).When(Move() with { Department = "" }).ThenRejectsField("department", "required");
}
