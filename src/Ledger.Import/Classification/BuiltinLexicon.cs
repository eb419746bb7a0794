using System.Collections.Frozen;
using Ledger.Domain.Interactions;

namespace Ledger.Import.Classification;

/// <summary>
/// The sentiment lexicon every rule set starts from (RULES.md lists it). Weights: 1 mild, 2 clear, 3 strong; the sign is
/// the polarity. English first, with common words of other languages and emoji.
/// </summary>
internal static class BuiltinLexicon
{
    private const EmotionalSignal Gratitude = EmotionalSignal.Gratitude;
    private const EmotionalSignal Praise = EmotionalSignal.Praise;
    private const EmotionalSignal Trust = EmotionalSignal.Trust;
    private const EmotionalSignal Frustration = EmotionalSignal.Frustration;
    private const EmotionalSignal Complaint = EmotionalSignal.Complaint;

    public static readonly IReadOnlyList<LexiconEntry> Entries =
    [
        // Gratitude
        new("thanks", 1, Gratitude), new("thank you", 2, Gratitude), new("thx", 1, Gratitude),
        new("many thanks", 2, Gratitude), new("thanks a lot", 2, Gratitude), new("thanks so much", 2, Gratitude),
        new("grateful", 2, Gratitude), new("appreciate", 2, Gratitude), new("appreciated", 2, Gratitude),
        new("much appreciated", 3, Gratitude), new("can't thank you enough", 3, Gratitude),
        new("cannot thank you enough", 3, Gratitude), new("🙏", 2, Gratitude),
        new("merci", 2, Gratitude), new("danke", 2, Gratitude), new("gracias", 2, Gratitude), new("grazie", 2, Gratitude),
        new("obrigado", 2, Gratitude), new("obrigada", 2, Gratitude), new("ありがとう", 2, Gratitude),
        new("谢谢", 2, Gratitude), new("감사합니다", 2, Gratitude), new("شكرا", 2, Gratitude), new("תודה", 2, Gratitude),

        // Praise
        new("great", 1, Praise), new("good job", 2, Praise), new("great job", 3, Praise), new("well done", 2, Praise),
        new("excellent", 2, Praise), new("amazing", 2, Praise), new("awesome", 2, Praise), new("fantastic", 2, Praise),
        new("brilliant", 2, Praise), new("perfect", 2, Praise), new("outstanding", 3, Praise), new("impressive", 2, Praise),
        new("superb", 2, Praise), new("love it", 2, Praise), new("love", 1, Praise), new("happy", 1, Praise),
        new("pleased", 1, Praise), new("delighted", 2, Praise), new("couldn't be happier", 3, Praise),
        new("could not be happier", 3, Praise), new("génial", 2, Praise), new("excelente", 2, Praise),
        new("hervorragend", 2, Praise), new("素晴らしい", 2, Praise), new("❤", 2, Praise), new("😍", 2, Praise),
        new("👍", 1, Praise), new("👏", 2, Praise), new("🎉", 2, Praise), new("😊", 1, Praise), new("🙂", 1, Praise),
        new("💯", 2, Praise), new("⭐", 1, Praise),

        // Trust
        new("trust", 2, Trust), new("rely on", 2, Trust), new("reliable", 2, Trust), new("count on you", 2, Trust),
        new("confident", 1, Trust), new("🤝", 2, Trust),

        // Frustration
        new("angry", -3, Frustration), new("furious", -3, Frustration), new("frustrated", -3, Frustration),
        new("frustrating", -3, Frustration), new("annoyed", -2, Frustration), new("annoying", -2, Frustration),
        new("disappointed", -2, Frustration), new("disappointing", -2, Frustration), new("upset", -2, Frustration),
        new("fed up", -3, Frustration), new("ridiculous", -2, Frustration), new("sad", -1, Frustration),
        new("déçu", -2, Frustration), new("enttäuscht", -2, Frustration), new("😡", -3, Frustration),
        new("😠", -3, Frustration), new("🤬", -3, Frustration), new("😤", -2, Frustration), new("😞", -2, Frustration),
        new("😢", -1, Frustration),

        // Complaint
        new("unacceptable", -3, Complaint), new("complaint", -2, Complaint), new("complain", -2, Complaint),
        new("terrible", -3, Complaint), new("awful", -3, Complaint), new("horrible", -3, Complaint),
        new("worst", -3, Complaint), new("poor service", -2, Complaint), new("still waiting", -2, Complaint),
        new("escalate", -2, Complaint), new("inacceptable", -3, Complaint), new("inakzeptabel", -3, Complaint),
        new("inaceptable", -3, Complaint), new("👎", -2, Complaint),
    ];

    /// <summary>Words that strengthen a message's sentiment (intensity only, never valence).</summary>
    public static readonly IReadOnlyList<string> Intensifiers =
        ["very", "really", "so much", "extremely", "incredibly", "truly", "deeply", "absolutely", "totally", "highly",
         "super", "sehr", "très", "muy", "非常に", "非常"];

    /// <summary>Words that flip the sign of a term among the next three words of the same clause.</summary>
    public static readonly FrozenSet<string> Negators = new[]
    {
        "not", "no", "never", "hardly", "without", "cannot", "nothing", "nor", "neither",
        "nicht", "kein", "keine", "pas", "jamais", "nunca",
    }.ToFrozenSet(StringComparer.Ordinal);
}
