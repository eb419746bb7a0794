using Ledger.Domain.Interactions;
using static Ledger.Domain.Tests.Support.Samples;

namespace Ledger.Domain.Tests.Interactions;

/// <summary>
/// The conversation state keeps fingerprints instead of events, so a fingerprint must be equal exactly when the records
/// are: otherwise re-recording would be less strict (different content taken as a no-op) or stricter (the same refused).
/// </summary>
public class InteractionFingerprintTests
{
    [Fact]
    public void Covers_every_field_of_the_recorded_event_and_of_each_payload()
    {
        // A new field must be added to InteractionFingerprint (and to the mutations below) before this passes again.
        Fields<InteractionRecorded>().ShouldBe(["ConversationId", "InteractionId", "SenderId", "ReceiverIds", "OccurredAt", "ContentHash", "Source", "Payload", "Classification"]);
        Fields<SourceRef>().ShouldBe(["System", "Id"]);
        Fields<Classification>().ShouldBe(["Source", "RuleId", "Confidence"]);
        Fields<MonetaryPayload>().ShouldBe(["Amount", "Currency", "Direction", "Reference"]);
        Fields<InformationalPayload>().ShouldBe(["What", "Topic", "BuildsOn"]);
        Fields<LogisticalPayload>().ShouldBe(["Item", "Quantity", "Unit", "Status"]);
        Fields<EmotionalPayload>().ShouldBe(["Signal", "Valence", "Intensity"]);
    }

    public static TheoryData<string, InteractionRecorded> Mutations()
    {
        var e = Recorded();
        return new()
        {
            { "conversation", e with { ConversationId = Guid.NewGuid() } },
            { "interaction", e with { InteractionId = Guid.NewGuid() } },
            { "sender", e with { SenderId = Carol } },
            { "receivers", e with { ReceiverIds = [Bob, Carol] } },
            { "receivers reordered", e with { ReceiverIds = [Carol, Bob] } },
            { "no receiver", e with { ReceiverIds = [] } },
            { "occurred at", e with { OccurredAt = e.OccurredAt.AddTicks(1) } },
            { "content hash", e with { ContentHash = new string('0', 64) } },
            { "source system", e with { Source = e.Source with { System = "outlook" } } },
            { "source id", e with { Source = e.Source with { Id = "msg-2" } } },
            { "source split", e with { Source = new SourceRef("gmailm", "sg-1") } },
            { "amount", e with { Payload = Revenue(1200.01m) } },
            { "currency", e with { Payload = Revenue() with { Currency = "USD" } } },
            { "direction", e with { Payload = Revenue() with { Direction = MoneyDirection.Cost } } },
            { "reference", e with { Payload = Revenue() with { Reference = "invoice:INV-18" } } },
            { "no reference", e with { Payload = Revenue() with { Reference = null } } },
            { "empty reference", e with { Payload = Revenue() with { Reference = "" } } },
            { "kind", e with { Payload = Answer() } },
            { "classification source", e with { Classification = new Classification(ClassificationSource.Import, null, 1m) } },
            { "rule", e with { Classification = new Classification(ClassificationSource.Rule, "r1", 1m) } },
            { "confidence", e with { Classification = Manual with { Confidence = 0.99m } } },
        };
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Changes_with_any_field_of_the_recorded_event(string field, InteractionRecorded changed)
    {
        var original = Recorded(id: changed.InteractionId == InteractionId ? null : InteractionId);
        (changed == original).ShouldBeFalse(field);
        InteractionFingerprint.Of(changed).ShouldNotBe(InteractionFingerprint.Of(original), field);
    }

    [Fact]
    public void Is_equal_for_records_that_compare_equal_with_other_representations()
    {
        var e = Recorded(payload: new LogisticalPayload("laptop", 3m, "pcs", LogisticalStatus.Delivered));
        var same = e with
        {
            // The same instant in another offset, the same quantity and confidence with other scales, a list of another type.
            OccurredAt = e.OccurredAt.ToOffset(TimeSpan.FromHours(2)),
            Payload = new LogisticalPayload("laptop", 3.000m, "pcs", LogisticalStatus.Delivered),
            Classification = Manual with { Confidence = 1.0m },
            ReceiverIds = new List<Guid>(e.ReceiverIds),
        };
        same.Payload.ShouldBe(e.Payload);
        InteractionFingerprint.Of(same).ShouldBe(InteractionFingerprint.Of(e));
        InteractionFingerprint.Of(new EmotionalPayload(EmotionalSignal.Trust, 0m, 1), Manual)
            .ShouldBe(InteractionFingerprint.Of(new EmotionalPayload(EmotionalSignal.Trust, -0.0m, 1), Manual));
    }

    [Fact]
    public void Is_equal_exactly_when_records_are_equal_over_many_random_pairs()
    {
        // The second of each pair redraws some fields of the first from small pools that hold equal values in other
        // representations (1 and 1.0, 0 and -0.0, instants in other offsets), so equal and unequal pairs are both
        // frequent. Record equality, as the decider compared events before, is the oracle.
        var random = new Random(20261124);
        decimal[] amounts = [1m, 1.0m, 1.10m, 1.1m, 0m, -0.0m, 2m, 0.5m];
        string?[] texts = [null, "", "a", "A", "ab", "\ud800"];
        Guid[] ids = [Alice, Bob, Carol];
        T Pick<T>(T[] pool) => pool[random.Next(pool.Length)];
        T Keep<T>(T kept, Func<T> draw) => random.Next(3) == 0 ? draw() : kept;
        TransactionPayload Payload() => random.Next(4) switch
        {
            0 => new MonetaryPayload(Pick(amounts) + 1, "EUR", (MoneyDirection)random.Next(2), Pick(texts)),
            1 => new InformationalPayload((InformationKind)random.Next(2), Pick(texts) ?? "t", random.Next(2) == 0 ? null : Pick(ids)),
            2 => new LogisticalPayload(Pick(texts) ?? "i", Pick(amounts), "pcs", (LogisticalStatus)random.Next(2)),
            _ => new EmotionalPayload((EmotionalSignal)random.Next(2), Pick(amounts) / 2, 1 + random.Next(2)),
        };
        Guid[] Receivers() => [.. Enumerable.Range(0, random.Next(3)).Select(_ => Pick(ids))];
        DateTimeOffset At() => T0.AddHours(random.Next(2)).ToOffset(TimeSpan.FromHours(random.Next(3)));
        Classification Classified() => new((ClassificationSource)random.Next(2), Pick(texts), Pick(amounts));
        InteractionRecorded Draw() => new(ConversationId, Pick(ids), Pick(ids), Receivers(), At(), Pick(texts) ?? "h",
            new SourceRef(Pick(texts) ?? "s", Pick(texts) ?? "i"), Payload(), Classified());
        InteractionRecorded Redraw(InteractionRecorded a) => new(ConversationId,
            Keep(a.InteractionId, () => Pick(ids)), Keep(a.SenderId, () => Pick(ids)), Keep(a.ReceiverIds, Receivers), Keep(a.OccurredAt, At),
            Keep(a.ContentHash, () => Pick(texts) ?? "h"), Keep(a.Source, () => new SourceRef(Pick(texts) ?? "s", Pick(texts) ?? "i")),
            Keep(a.Payload, Payload), Keep(a.Classification, Classified));

        var (equalEvents, equalClassifications) = (0, 0);
        for (var i = 0; i < 20_000; i++)
        {
            var a = Draw();
            var b = Redraw(a);
            var equal = a with { ReceiverIds = b.ReceiverIds } == b && a.ReceiverIds.SequenceEqual(b.ReceiverIds);
            var equalClassified = a.Payload == b.Payload && a.Classification == b.Classification;
            equalEvents += equal ? 1 : 0;
            equalClassifications += equalClassified ? 1 : 0;
            // (Messages are built only on failure: formatting 50,000 records would take most of the test's time.)
            if ((InteractionFingerprint.Of(a) == InteractionFingerprint.Of(b)) != equal)
                equal.ShouldBe(!equal, $"fingerprints disagree with record equality ({equal}) on {a} vs {b}");
            if ((InteractionFingerprint.Of(a.Payload, a.Classification) == InteractionFingerprint.Of(b.Payload, b.Classification)) != equalClassified)
                equalClassified.ShouldBe(!equalClassified, $"fingerprints disagree with record equality ({equalClassified}) on {a.Payload} {a.Classification} vs {b.Payload} {b.Classification}");
        }

        equalEvents.ShouldBeInRange(500, 19_500, "both equal and unequal pairs are exercised");
        equalClassifications.ShouldBeInRange(500, 19_500, "both equal and unequal pairs are exercised");
    }

    private static string[] Fields<T>() =>
        [.. typeof(T).GetConstructors().Single(c => c.GetParameters().Length > 0 && c.GetParameters()[0].ParameterType != typeof(T)).GetParameters().Select(p => p.Name!)];
}
