namespace Ledger.Domain.Conversations;

public enum Channel
{
    Email,
    Meeting,
    Call,
    Forum,
    Chat,
    SocialNetwork,
    Other,
}

public enum ConversationOutcome
{
    Resolved,
    Unresolved,
    Won,
    Lost,
    Abandoned,
    Other,
}
