namespace Ledger.Domain.Participants;

/// <summary>
/// Commands on a participant stream. They carry business attributes only: name, e-mail and handles are
/// personal data kept in a separate, erasable store keyed by <c>ParticipantId</c>, so that erasing a
/// person never rewrites the log.
/// </summary>
public abstract record ParticipantCommand(Guid ParticipantId);

/// <summary>
/// Internal participants carry department, office and country and no external role;
/// external participants carry an <see cref="ExternalRole"/> and optionally the organisation they belong to.
/// </summary>
public sealed record RegisterParticipant(
    Guid ParticipantId,
    ParticipantType Type,
    string? Department,
    string? Office,
    string? Country,
    ExternalRole? ExternalRole,
    string? OrganisationId,
    DateTimeOffset RegisteredAt) : ParticipantCommand(ParticipantId);

/// <summary>An internal participant changes department, and possibly office and country with it.</summary>
public sealed record MoveParticipantToDepartment(
    Guid ParticipantId,
    string Department,
    string? Office,
    string? Country,
    DateTimeOffset MovedAt) : ParticipantCommand(ParticipantId);
