using Ledger.Domain.Interactions;
using Ledger.Import.Classification;
using static Ledger.Import.Tests.Classification.RuleTesting;

namespace Ledger.Import.Tests.Classification;

public class SentimentTests
{
    private static readonly RuleSet Feelings = OneRule("sentiment: any", "{ kind: emotional, signal: auto }");

    private static EmotionalPayload Emotion(string text, RuleSet? rules = null)
    {
        var outcome = (rules ?? Feelings).Classify(text);
        outcome.Classification.RuleId.ShouldBe("r", string.Join(" | ", outcome.Reasons));
        return outcome.Payload.ShouldBeOfType<EmotionalPayload>();
    }

    [Theory]
    [InlineData("thanks", EmotionalSignal.Gratitude)]
    [InlineData("Thank you for the quick turnaround", EmotionalSignal.Gratitude)]
    [InlineData("We are really grateful", EmotionalSignal.Gratitude)]
    [InlineData("🙏", EmotionalSignal.Gratitude)]
    [InlineData("❤️", EmotionalSignal.Praise)]
    [InlineData("❤", EmotionalSignal.Praise)]
    [InlineData("👍", EmotionalSignal.Praise)]
    [InlineData("👍🏾 nice", EmotionalSignal.Praise)]
    [InlineData("Great job on the launch", EmotionalSignal.Praise)]
    [InlineData("We trust your team", EmotionalSignal.Trust)]
    [InlineData("ありがとうございます", EmotionalSignal.Gratitude)]
    [InlineData("شكرا جزيلا", EmotionalSignal.Gratitude)]
    [InlineData("תודה רבה", EmotionalSignal.Gratitude)]
    [InlineData("Merci beaucoup", EmotionalSignal.Gratitude)]
    public void Positive_words_and_emoji_give_a_positive_valence_and_their_signal(string text, EmotionalSignal signal)
    {
        var emotion = Emotion(text);
        emotion.Valence.ShouldBeGreaterThan(0m);
        emotion.Signal.ShouldBe(signal);
    }

    [Theory]
    [InlineData("I am angry", EmotionalSignal.Frustration)]
    [InlineData("This is unacceptable", EmotionalSignal.Complaint)]
    [InlineData("Really disappointed with the delay", EmotionalSignal.Frustration)]
    [InlineData("😡", EmotionalSignal.Frustration)]
    [InlineData("👎", EmotionalSignal.Complaint)]
    [InlineData("Ich bin enttäuscht", EmotionalSignal.Frustration)]
    public void Negative_words_and_emoji_give_a_negative_valence_and_their_signal(string text, EmotionalSignal signal)
    {
        var emotion = Emotion(text);
        emotion.Valence.ShouldBeLessThan(0m);
        emotion.Signal.ShouldBe(signal);
    }

    [Fact]
    public void More_and_stronger_matches_give_a_stronger_valence_and_intensity()
    {
        var mild = Emotion("thanks");
        var strong = Emotion("Thank you so much, truly grateful 🙏!");
        mild.ShouldBe(new EmotionalPayload(EmotionalSignal.Gratitude, 0.5m, 1));
        strong.Valence.ShouldBeGreaterThan(mild.Valence);
        strong.Intensity.ShouldBe(5);

        var annoyed = Emotion("annoyed");
        var furious = Emotion("angry, unacceptable 😡");
        annoyed.ShouldBe(new EmotionalPayload(EmotionalSignal.Frustration, -0.67m, 2));
        furious.Valence.ShouldBeLessThan(annoyed.Valence);
        furious.Intensity.ShouldBeGreaterThan(annoyed.Intensity);
    }

    [Fact]
    public void Opposite_terms_cancel_out()
    {
        Emotion("thanks, but disappointed").Valence.ShouldBe(-0.5m);
        var neutral = Feelings.Classify("great, but sad");
        neutral.Payload.ShouldBeOfType<InformationalPayload>();
        neutral.Reasons.ShouldContain(r => r.Contains("sentiment terms cancel out", StringComparison.Ordinal));
    }

    [Fact]
    public void A_negator_in_the_same_clause_flips_a_term()
    {
        var notHappy = Emotion("I am not very happy with the delay");
        notHappy.Valence.ShouldBeLessThan(0m);
        notHappy.Signal.ShouldBe(EmotionalSignal.Frustration);
        Emotion("This isn't acceptable, and it wasn't great").Valence.ShouldBeLessThan(0m);
        Emotion("No, thanks to you it works").Valence.ShouldBeGreaterThan(0m);
        Emotion("I can't thank you enough").Valence.ShouldBeGreaterThan(0m);
    }

    [Fact]
    public void A_message_without_sentiment_does_not_fire_a_sentiment_rule()
    {
        var outcome = Feelings.Classify("The meeting is at 10:00.");
        outcome.Classification.RuleId.ShouldBe(RuleSet.FallbackRuleId);
        outcome.Reasons.ShouldContain("tried r (priority 100): no sentiment term");
    }

    [Fact]
    public void A_positive_condition_ignores_negative_messages_and_the_other_way_round()
    {
        var rules = Rules("""
            rules:
              - { id: happy, confidence: 0.7, sentiment: positive, output: { kind: emotional, signal: gratitude } }
              - { id: unhappy, confidence: 0.7, sentiment: negative, output: { kind: emotional, signal: complaint } }
            """);
        rules.Classify("thanks!").Classification.RuleId.ShouldBe("happy");
        var complaint = rules.Classify("terrible");
        complaint.Classification.RuleId.ShouldBe("unhappy");
        complaint.Reasons.ShouldContain("tried happy (priority 100): sentiment -3 is not positive");
    }

    [Fact]
    public void A_rule_can_fix_the_signal_valence_and_intensity()
    {
        var rules = OneRule("keywords: [partnership]", "{ kind: emotional, signal: trust, valence: 0.4, intensity: 2 }");
        rules.Classify("about our partnership").Payload.ShouldBe(new EmotionalPayload(EmotionalSignal.Trust, 0.4m, 2));
    }

    [Fact]
    public void A_file_lexicon_adds_reweights_and_removes_terms()
    {
        var rules = Rules("""
            lexicon:
              - { term: chapeau, weight: 3, signal: praise }
              - { term: thanks, weight: 3, signal: gratitude }
              - { term: great, weight: 0 }
            rules:
              - { id: r, confidence: 0.9, sentiment: any, output: { kind: emotional, signal: auto } }
            """);
        Emotion("chapeau", rules).ShouldBe(new EmotionalPayload(EmotionalSignal.Praise, 0.75m, 3));
        Emotion("thanks", rules).Valence.ShouldBe(0.75m);
        rules.Classify("great").Classification.RuleId.ShouldBe(RuleSet.FallbackRuleId);
    }

    [Fact]
    public void A_repeated_term_counts_at_most_three_times()
    {
        Emotion(string.Concat(Enumerable.Repeat("thanks ", 50))).Valence.ShouldBe(0.75m);
    }
}
