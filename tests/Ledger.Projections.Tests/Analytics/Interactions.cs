using Ledger.Domain.Interactions;

namespace Ledger.Projections.Tests.Analytics;

/// <summary>Builds effective interactions for analytics tests.</summary>
internal static class Interactions
{
    private static int _counter;

    public static DateTimeOffset Day(int year, int month, int day, int hour = 12) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    public static EffectiveInteraction Between(
        Guid sender,
        Guid receiver,
        DateTimeOffset at,
        TransactionPayload payload,
        Guid? conversationId = null) =>
        new(
            conversationId ?? Guid.NewGuid(),
            Guid.NewGuid(),
            sender,
            [receiver],
            at,
            "sha256:" + Interlocked.Increment(ref _counter),
            new SourceRef("test", Guid.NewGuid().ToString()),
            payload,
            new Classification(ClassificationSource.Manual),
            Reclassified: false);

    public static MonetaryPayload Revenue(decimal amount, string currency = "EUR") => new(amount, currency, MoneyDirection.Revenue);

    public static MonetaryPayload Cost(decimal amount, string currency = "EUR") => new(amount, currency, MoneyDirection.Cost);

    public static MonetaryPayload Saving(decimal amount, string currency = "EUR") => new(amount, currency, MoneyDirection.Saving);

    public static InformationalPayload Info(InformationKind what) => new(what, "topic");

    public static LogisticalPayload Delivered(decimal quantity, string unit = "box") => new("widget", quantity, unit, LogisticalStatus.Delivered);

    public static EmotionalPayload Emotion(EmotionalSignal signal, decimal valence, int intensity) => new(signal, valence, intensity);
}
