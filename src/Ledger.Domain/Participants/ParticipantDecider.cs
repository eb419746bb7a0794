using Ledger.Domain.Common;

namespace Ledger.Domain.Participants;

public static class ParticipantDecider
{
    public const int MaxDepartmentLength = 100;
    public const int MaxOfficeLength = 100;
    public const int MaxOrganisationIdLength = 100;

    public static ParticipantState Initial { get; } = new ParticipantState.Initial();

    public static IReadOnlyList<ParticipantEvent> Decide(ParticipantCommand command, ParticipantState state) =>
        command switch
        {
            RegisterParticipant c => Register(c, state),
            MoveParticipantToDepartment c => Move(c, state),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown command."),
        };

    public static ParticipantState Evolve(ParticipantState state, ParticipantEvent @event) =>
        (state, @event) switch
        {
            (ParticipantState.Initial, ParticipantRegistered e) => new ParticipantState.Registered(
                e.ParticipantId, e.Type, e.Department, e.Office, e.Country, e.ExternalRole, e.OrganisationId, e.RegisteredAt),
            (ParticipantState.Registered s, ParticipantMovedDepartment e) =>
                s with { Department = e.Department, Office = e.Office, Country = e.Country },
            _ => state,
        };

    private static ParticipantEvent[] Register(RegisterParticipant c, ParticipantState state)
    {
        var checks = new Checks();
        checks.Id("participantId", c.ParticipantId);
        checks.Defined("type", c.Type);
        var department = checks.Text("department", c.Department, MaxDepartmentLength, required: false);
        var office = checks.Text("office", c.Office, MaxOfficeLength, required: false);
        var country = Country(checks, c.Country);
        var organisation = checks.Text("organisationId", c.OrganisationId, MaxOrganisationIdLength, required: false);
        if (c.Type == ParticipantType.Internal)
        {
            checks.That(c.ExternalRole is null, "externalRole", "not_allowed", "Internal participants have no external role.");
            checks.That(organisation is null, "organisationId", "not_allowed", "Internal participants belong to no external organisation.");
        }
        else if (c.ExternalRole is not { } role)
            checks.Add("externalRole", "required", "External participants need a role.");
        else
            checks.Defined("externalRole", role);

        checks.ThrowIfAny("The participant is invalid.");

        var registered = new ParticipantRegistered(
            c.ParticipantId, c.Type, department, office, country, c.ExternalRole, organisation, c.RegisteredAt);
        return state switch
        {
            ParticipantState.Initial => [registered],
            // A retry with another timestamp but the same attributes changes nothing.
            ParticipantState.Registered s when Evolve(Initial, registered with { RegisteredAt = s.RegisteredAt }) == s => [],
            _ => throw DomainException.Conflict("participant_already_registered", $"Participant {c.ParticipantId} is already registered differently."),
        };
    }

    private static ParticipantEvent[] Move(MoveParticipantToDepartment c, ParticipantState state)
    {
        var checks = new Checks();
        var department = checks.Text("department", c.Department, MaxDepartmentLength);
        var office = checks.Text("office", c.Office, MaxOfficeLength, required: false);
        var country = Country(checks, c.Country);
        checks.ThrowIfAny("The move is invalid.");

        if (state is not ParticipantState.Registered s)
            throw DomainException.NotFound("participant_not_found", $"Participant {c.ParticipantId} is not registered.");
        if (s.Type != ParticipantType.Internal)
            throw DomainException.Conflict("participant_not_internal", "Only internal participants belong to a department.");
        if (s.Department == department && s.Office == office && s.Country == country)
            return [];
        return [new ParticipantMovedDepartment(c.ParticipantId, department!, office, country, c.MovedAt)];
    }

    private static string? Country(Checks checks, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var code = CountryCodes.Normalise(value);
        checks.That(CountryCodes.IsKnown(code), "country", "unknown_country", $"'{value}' is not an ISO 3166-1 alpha-2 country code.");
        return code;
    }
}
