namespace Ledger.Domain.Participants;

public enum ParticipantType
{
    /// <summary>Staff of the organisation running the ledger.</summary>
    Internal,

    /// <summary>Anyone outside it; see <see cref="ExternalRole"/>.</summary>
    External,
}

public enum ExternalRole
{
    Customer,
    Partner,
    Supplier,
    CommunityMember,
}
