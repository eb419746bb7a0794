using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;

namespace Ledger.Domain.Tests.Support;

/// <summary>Fixed ids, times and valid commands/events that tests tweak with <c>with</c>.</summary>
public static class Samples
{
    public static readonly Guid ConversationId = new("c0000000-0000-0000-0000-000000000001");
    public static readonly Guid Alice = new("a0000000-0000-0000-0000-00000000000a");
    public static readonly Guid Bob = new("b0000000-0000-0000-0000-00000000000b");
    public static readonly Guid Carol = new("c0000000-0000-0000-0000-00000000000c");
    public static readonly Guid Outsider = new("d0000000-0000-0000-0000-00000000000d");
    public static readonly Guid InitiativeId = new("e0000000-0000-0000-0000-00000000000e");
    public static readonly Guid InteractionId = new("f0000000-0000-0000-0000-000000000001");
    public static readonly Guid OtherInteractionId = new("f0000000-0000-0000-0000-000000000002");

    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public const string Hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static readonly SourceRef Source = new("gmail", "msg-1");

    public static readonly Classification Manual = new(ClassificationSource.Manual, null, 1m);

    public static MonetaryPayload Revenue(decimal amount = 1200m) => new(amount, "EUR", MoneyDirection.Revenue, "invoice:INV-17");

    public static InformationalPayload Answer(Guid? buildsOn = null) => new(InformationKind.Answer, "pricing", buildsOn);

    public static LogisticalPayload Delivery(decimal quantity = 3m) => new("laptop", quantity, "pcs", LogisticalStatus.Delivered);

    public static EmotionalPayload Gratitude(decimal valence = 0.8m, int intensity = 4) => new(EmotionalSignal.Gratitude, valence, intensity);

    public static NewInteraction Interaction(Guid? id = null, TransactionPayload? payload = null) =>
        new(id ?? InteractionId, Alice, [Bob], T0.AddHours(1), Hash, Source, payload ?? Revenue(), Manual);

    public static OpenConversation Open() =>
        new(ConversationId, Channel.Email, [Alice, Bob], InitiativeId, ["pricing"], T0);

    public static ConversationOpened Opened() =>
        new(ConversationId, Channel.Email, [Alice, Bob], InitiativeId, ["pricing"], T0);

    /// <summary>The event <see cref="ConversationDecider"/> is expected to emit for <paramref name="i"/>.</summary>
    public static InteractionRecorded Recorded(NewInteraction i) =>
        new(ConversationId, i.InteractionId, i.SenderId, i.ReceiverIds, i.OccurredAt, i.ContentHash, i.Source, i.Payload, i.Classification);

    public static InteractionRecorded Recorded(Guid? id = null, TransactionPayload? payload = null) =>
        Recorded(Interaction(id, payload));

    public static ConversationClosed Closed(ConversationOutcome outcome = ConversationOutcome.Won) =>
        new(ConversationId, outcome, T0.AddDays(1));

    public static InteractionVoided Voided(Guid? id = null) =>
        new(ConversationId, id ?? InteractionId, "duplicate import", Carol, T0.AddDays(2));

    public static InteractionReclassified Reclassified(TransactionPayload payload, Guid? id = null) =>
        new(ConversationId, id ?? InteractionId, payload, Manual, "was a thank-you", Carol, T0.AddDays(2));
}
