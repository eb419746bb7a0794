using System.Collections.Immutable;

namespace Ledger.Projections.Analytics;

/// <summary>How close an external counterpart is to us, from its transaction history; ordered low to high.</summary>
public enum RelationshipLevel
{
    Unknown,
    Aware,
    Engaged,
    Trusting,
    Advocate,
}

/// <summary>Why a level changed: the rule that fired (see <see cref="RelationshipLevels"/>).</summary>
public enum LevelChangeReason
{
    /// <summary>A1: the first interaction with the counterpart.</summary>
    FirstInteraction,

    /// <summary>E1: enough interactions across enough conversations.</summary>
    RepeatedInteractions,

    /// <summary>E2: informational transactions both from and to the counterpart.</summary>
    TwoWayInformation,

    /// <summary>T1: a revenue interaction with the counterpart.</summary>
    Revenue,

    /// <summary>T2: a positive trust, gratitude or praise signal and a positive net emotional score.</summary>
    PositiveEmotion,

    /// <summary>V1: the counterpart referred someone to us.</summary>
    Referral,

    /// <summary>V2: strong praise from the counterpart and repeated revenue.</summary>
    PraiseWithRevenue,

    /// <summary>D1: the counterpart's emotional score over the trailing window is negative.</summary>
    NegativeEmotionWindow,

    /// <summary>D2: the trailing window is no longer negative.</summary>
    NegativeWindowCleared,
}

/// <param name="InteractionId">The interaction at which the rule fired.</param>
public sealed record LevelChange(DateTimeOffset At, Guid InteractionId, RelationshipLevel From, RelationshipLevel To, LevelChangeReason Reason);

/// <summary>Thresholds of the relationship rules; the defaults are the documented ones.</summary>
public sealed record RelationshipRules(
    int EngagedMinInteractions = 3,
    int EngagedMinConversations = 2,
    int AdvocateMinRevenues = 2,
    int AdvocatePraiseMinIntensity = 4,
    int NegativeWindowDays = 30)
{
    public static RelationshipRules Default { get; } = new();
}

/// <summary>An emotional signal from the counterpart, kept while it is inside the trailing window.</summary>
public sealed record EmotionalMark(DateTimeOffset At, decimal Score);

/// <summary>
/// The fold state of one counterpart's relationship. <see cref="Earned"/> is the highest level any rule has
/// reached (it never goes down); <see cref="Level"/> is the current one, a step lower during a negative window.
/// </summary>
public sealed record RelationshipState(
    Guid CounterpartId,
    RelationshipLevel Level,
    RelationshipLevel Earned,
    int Interactions,
    ImmutableHashSet<Guid> Conversations,
    bool InformationFrom,
    bool InformationTo,
    int Revenues,
    bool PositiveSignal,
    decimal EmotionalScore,
    bool StrongPraise,
    bool Referral,
    ImmutableQueue<EmotionalMark> Window,
    ImmutableList<LevelChange> Changes)
{
    public static RelationshipState Initial(Guid counterpartId) => new(
        counterpartId, RelationshipLevel.Unknown, RelationshipLevel.Unknown, 0, [], false, false, 0, false, 0m, false, false, [], []);

    /// <summary>The level in force at <paramref name="at"/>: that of the last change at or before it.</summary>
    public RelationshipLevel LevelAt(DateTimeOffset at) =>
        Changes.LastOrDefault(c => c.At <= at)?.To ?? RelationshipLevel.Unknown;
}
