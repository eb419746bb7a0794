namespace Ledger.EventStore.Verification;

/// <summary>
/// The outcome of recomputing the chain. Intact: every position from the start of the range up to
/// <see cref="VerifiedUpTo"/> is present and its stored hash matches, ending in <see cref="HeadHash"/>. Otherwise
/// <see cref="FirstBadPosition"/> is the first position that is missing, altered, or not what a digest signed.
/// </summary>
public sealed record VerificationResult(
    bool Intact,
    long VerifiedUpTo,
    string HeadHash,
    long? FirstBadPosition,
    string? Problem,
    long EventsChecked)
{
    public static VerificationResult Ok(long upTo, string headHash, long checkedCount) =>
        new(true, upTo, headHash, null, null, checkedCount);

    public static VerificationResult Broken(long lastGood, string lastGoodHash, long badPosition, string problem, long checkedCount) =>
        new(false, lastGood, lastGoodHash, badPosition, problem, checkedCount);
}
