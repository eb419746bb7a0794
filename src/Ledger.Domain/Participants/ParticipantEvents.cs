namespace Ledger.Domain.Participants;

/// <summary>Participant events: by design they hold no personal data (no name, e-mail or handle).</summary>
public abstract record ParticipantEvent(Guid ParticipantId);

public sealed record ParticipantRegistered(
    Guid ParticipantId,
    ParticipantType Type,
    string? Department,
    string? Office,
    string? Country,
    ExternalRole? ExternalRole,
    string? OrganisationId,
    DateTimeOffset RegisteredAt) : ParticipantEvent(ParticipantId);

public sealed record ParticipantMovedDepartment(
    Guid ParticipantId,
    string Department,
    string? Office,
    string? Country,
    DateTimeOffset MovedAt) : ParticipantEvent(ParticipantId);
