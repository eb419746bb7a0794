namespace Ledger.Domain.Decisions;

public abstract record DecisionState
{
    private DecisionState()
    {
    }

    public sealed record Initial : DecisionState;

    /// <param name="SupersededBy">The decision that replaced this one, if any.</param>
    public sealed record Recorded(DecisionRecorded Decision, Guid? SupersededBy) : DecisionState;
}
