namespace Ledger.Domain.Participants;

public abstract record ParticipantState
{
    private ParticipantState()
    {
    }

    public sealed record Initial : ParticipantState;

    public sealed record Registered(
        Guid ParticipantId,
        ParticipantType Type,
        string? Department,
        string? Office,
        string? Country,
        ExternalRole? ExternalRole,
        string? OrganisationId,
        DateTimeOffset RegisteredAt) : ParticipantState;
}
