namespace Ledger.Domain.Interactions;

public enum MoneyDirection
{
    Revenue,
    Cost,
    Saving,
}

public enum InformationKind
{
    Answer,
    Referral,
    Document,
    Idea,
    Feedback,
}

public enum LogisticalStatus
{
    Promised,
    Shipped,
    Delivered,
    Returned,
}

public enum EmotionalSignal
{
    Gratitude,
    Praise,
    Trust,
    Frustration,
    Complaint,
    Other,
}
