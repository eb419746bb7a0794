using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;

namespace Ledger.Import.Classification;

/// <summary>What the rules see of a message: its text (memory only), subject and channel.</summary>
public sealed record ClassificationRequest(string Text, Channel Channel, string? Subject = null);

/// <summary>
/// The rules' verdict: a payload of one of the four kinds, the provenance recorded in the event (rule id and
/// confidence) and, for <c>classify --explain</c>, why: one line per thing that matched. The reasons may quote the
/// matched fragment, so they are shown to the person running the command and never stored.
/// </summary>
public sealed record ClassificationOutcome(TransactionPayload Payload, Ledger.Domain.Interactions.Classification Classification, IReadOnlyList<string> Reasons);
