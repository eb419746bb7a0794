using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Domain.Interactions;
using Ledger.EventStore;
using Ledger.Projections.Serialization;

namespace Ledger.Projections.Tests.Serialization;

/// <summary>
/// The hand-written <see cref="InteractionRecordedReader"/> must decode what it accepts exactly as System.Text.Json
/// does, and must decline (so that STJ decides) everything unusual.
/// </summary>
public class InteractionRecordedReaderTests
{
    private const string EventType = "interaction-recorded";

    [Fact]
    public void Decodes_generated_events_as_stj_does_in_serializer_and_jsonb_form()
    {
        var random = new Random(20_240_917);
        for (var i = 0; i < 3000; i++)
        {
            var node = JsonNode.Parse(EventSerializer.ToEventData(Generate(random), Guid.Empty, new EventMetadata("test", default)).Data.Span)!.AsObject();
            DropSomeOptionalMembers(node, random);
            foreach (var json in new[] { node.ToJsonString(), Jsonb(node) })
            {
                var utf8 = Encoding.UTF8.GetBytes(json);
                var stj = (InteractionRecorded)JsonSerializer.Deserialize(utf8, typeof(InteractionRecorded), DomainJson.Options)!;

                var fast = InteractionRecordedReader.TryRead(utf8);
                fast.ShouldNotBeNull($"the fast path declined {json}");
                Json(fast).ShouldBe(Json(stj), json);
                fast.ReceiverIds.GetType().ShouldBe(stj.ReceiverIds.GetType());

                var fromText = InteractionRecordedReader.TryRead(json);
                fromText.ShouldNotBeNull($"the fast path declined the text {json}");
                Json(fromText).ShouldBe(Json(stj), json);
            }
        }
    }

    [Fact]
    public void Stored_events_decode_through_the_fast_path_to_what_stj_gives()
    {
        var recorded = Generate(new Random(7));
        var json = Encoding.UTF8.GetString(EventSerializer.ToEventData(recorded, Guid.Empty, new EventMetadata("test", default)).Data.Span);
        var stored = new StoredEvent(1, "conversation-1", 1, Guid.Empty, EventType, 1, json, "test", null, null, default, default, []);

        Json(EventSerializer.FromStored(stored)!).ShouldBe(Json(recorded));
        Json(EventSerializer.FromUtf8(EventType, Encoding.UTF8.GetBytes(json))!).ShouldBe(Json(recorded));
    }

    private const string Valid =
        """
        {"source": {"id": "m-1", "system": "mail"}, "payload": {"kind": "monetary", "amount": 12.50, "currency": "EUR", "direction": "revenue", "reference": "invoice:1"}, "senderId": "0f8fad5b-d9cb-469f-a165-70867728950e", "contentHash": "sha256:ab", "occurredAt": "2024-03-01T10:15:30.1234567+05:30", "receiverIds": ["7c9e6679-7425-40de-944b-e07fc1f90ae7"], "interactionId": "9b2e3a4c-1d5f-4e6a-8b7c-0d1e2f3a4b5c", "classification": {"source": "rule", "ruleId": "r-1", "confidence": 0.75}, "conversationId": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}
        """;

    private const string Emotional = """{"kind": "emotional", "signal": "praise", "valence": 0.5, "intensity": 3}""";

    private const string MonetaryPayload = """{"kind": "monetary", "amount": 12.50, "currency": "EUR", "direction": "revenue", "reference": "invoice:1"}""";

    public static TheoryData<string, string> Unusual() => new()
    {
        { "missing member", Valid.Replace("\"contentHash\": \"sha256:ab\", ", "", StringComparison.Ordinal) },
        { "missing payload kind", Valid.Replace("\"kind\": \"monetary\", ", "", StringComparison.Ordinal) },
        { "missing classification source", Valid.Replace("\"source\": \"rule\", ", "", StringComparison.Ordinal) },
        { "wrong token type", Valid.Replace("\"senderId\": \"0f8fad5b-d9cb-469f-a165-70867728950e\"", "\"senderId\": 5", StringComparison.Ordinal) },
        { "object for a string", Valid.Replace("\"contentHash\": \"sha256:ab\"", "\"contentHash\": {}", StringComparison.Ordinal) },
        { "null for a required string", Valid.Replace("\"contentHash\": \"sha256:ab\"", "\"contentHash\": null", StringComparison.Ordinal) },
        { "null for a required object", Valid.Replace("\"source\": {\"id\": \"m-1\", \"system\": \"mail\"}", "\"source\": null", StringComparison.Ordinal) },
        { "null for receivers", Valid.Replace("[\"7c9e6679-7425-40de-944b-e07fc1f90ae7\"]", "null", StringComparison.Ordinal) },
        { "null receiver", Valid.Replace("[\"7c9e6679-7425-40de-944b-e07fc1f90ae7\"]", "[null]", StringComparison.Ordinal) },
        { "null for a decimal with a default", Valid.Replace("\"confidence\": 0.75", "\"confidence\": null", StringComparison.Ordinal) },
        { "extra unknown member", Valid.Replace("{\"source\"", "{\"extra\": 1, \"source\"", StringComparison.Ordinal) },
        { "member of another payload kind", Valid.Replace("\"kind\": \"monetary\"", "\"kind\": \"monetary\", \"topic\": \"x\"", StringComparison.Ordinal) },
        { "case-variant name", Valid.Replace("\"contentHash\"", "\"ContentHash\"", StringComparison.Ordinal) },
        { "escaped name", Valid.Replace("\"contentHash\"", "\"contentH\\u0061sh\"", StringComparison.Ordinal) },
        { "escaped discriminator name", Valid.Replace("\"kind\"", "\"k\\u0069nd\"", StringComparison.Ordinal) },
        { "escaped discriminator", Valid.Replace("\"monetary\"", "\"monet\\u0061ry\"", StringComparison.Ordinal) },
        { "unknown discriminator", Valid.Replace("\"monetary\"", "\"barter\"", StringComparison.Ordinal) },
        { "discriminator in other case", Valid.Replace("\"monetary\"", "\"Monetary\"", StringComparison.Ordinal) },
        { "duplicate member", Valid.Replace("\"contentHash\": \"sha256:ab\"", "\"contentHash\": \"sha256:ab\", \"contentHash\": \"sha256:cd\"", StringComparison.Ordinal) },
        { "duplicate payload kind", Valid.Replace("\"kind\": \"monetary\"", "\"kind\": \"monetary\", \"kind\": \"monetary\"", StringComparison.Ordinal) },
        { "enum as integer", Valid.Replace("\"direction\": \"revenue\"", "\"direction\": 1", StringComparison.Ordinal) },
        { "enum as numeric string", Valid.Replace("\"direction\": \"revenue\"", "\"direction\": \"1\"", StringComparison.Ordinal) },
        { "enum in other case", Valid.Replace("\"direction\": \"revenue\"", "\"direction\": \"Revenue\"", StringComparison.Ordinal) },
        { "unknown enum", Valid.Replace("\"direction\": \"revenue\"", "\"direction\": \"gift\"", StringComparison.Ordinal) },
        { "number as string", Valid.Replace("\"amount\": 12.50", "\"amount\": \"12.50\"", StringComparison.Ordinal) },
        { "decimal out of range", Valid.Replace("\"amount\": 12.50", "\"amount\": 1e400", StringComparison.Ordinal) },
        { "out-of-range int", Valid.Replace(MonetaryPayload, Emotional.Replace("3", "2147483648", StringComparison.Ordinal), StringComparison.Ordinal) },
        { "fractional int", Valid.Replace(MonetaryPayload, Emotional.Replace("3", "3.0", StringComparison.Ordinal), StringComparison.Ordinal) },
        { "bad guid", Valid.Replace("0f8fad5b-d9cb-469f-a165-70867728950e", "not-a-guid", StringComparison.Ordinal) },
        { "guid without dashes", Valid.Replace("0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5bd9cb469fa16570867728950e", StringComparison.Ordinal) },
        { "bad date", Valid.Replace("2024-03-01T10:15:30.1234567+05:30", "2024-13-01T10:15:30Z", StringComparison.Ordinal) },
        { "nested too deep in an unknown member", Valid.Replace("{\"source\"", "{\"extra\": " + new string('[', 40) + new string(']', 40) + ", \"source\"", StringComparison.Ordinal) },
        { "nested too deep in a member", Valid.Replace("\"contentHash\": \"sha256:ab\"", "\"contentHash\": " + new string('[', 40) + new string(']', 40), StringComparison.Ordinal) },
        { "empty object", "{}" },
        { "array instead of object", "[" + Valid + "]" },
        { "null", "null" },
        { "truncated", Valid[..^10] },
        { "trailing garbage", Valid + " x" },
        { "second value", Valid + " {}" },
        { "comment", Valid.Replace("{\"source\"", "{/* c */\"source\"", StringComparison.Ordinal) },
        { "trailing comma", Valid.Replace("\"system\": \"mail\"}", "\"system\": \"mail\",}", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(Unusual))]
    public void Declines_the_unusual_and_leaves_stj_to_decide(string variant, string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);

        InteractionRecordedReader.TryRead(utf8).ShouldBeNull(variant);
        InteractionRecordedReader.TryRead(json).ShouldBeNull(variant);
        Outcome(() => EventSerializer.FromUtf8(EventType, utf8))
            .ShouldBe(Outcome(() => JsonSerializer.Deserialize(utf8, typeof(InteractionRecorded), DomainJson.Options)), variant);
        Outcome(() => EventSerializer.FromStored(new StoredEvent(1, "c", 1, Guid.Empty, EventType, 1, json, "test", null, null, default, default, [])))
            .ShouldBe(Outcome(() => JsonSerializer.Deserialize(json, typeof(InteractionRecorded), DomainJson.Options)), variant);
    }

    public static TheoryData<string, string> Certain() => new()
    {
        { "the sample itself", Valid },
        { "date without time", Valid.Replace("2024-03-01T10:15:30.1234567+05:30", "2024-03-01", StringComparison.Ordinal) },
        { "date without offset", Valid.Replace("2024-03-01T10:15:30.1234567+05:30", "2024-03-01T10:15:30", StringComparison.Ordinal) },
        { "null reference", Valid.Replace("\"invoice:1\"", "null", StringComparison.Ordinal) },
        { "no rule id nor confidence", Valid.Replace("\"ruleId\": \"r-1\", \"confidence\": 0.75", "\"ruleId\": null", StringComparison.Ordinal) },
        { "no receivers", Valid.Replace("[\"7c9e6679-7425-40de-944b-e07fc1f90ae7\"]", "[]", StringComparison.Ordinal) },
        { "upper-case guid", Valid.Replace("0f8fad5b-d9cb-469f-a165-70867728950e", "0F8FAD5B-D9CB-469F-A165-70867728950E", StringComparison.Ordinal) },
        { "exponent", Valid.Replace("\"amount\": 12.50", "\"amount\": 1.250E+1", StringComparison.Ordinal) },
        { "escaped enum", Valid.Replace("\"revenue\"", "\"r\\u0065venue\"", StringComparison.Ordinal) },
        { "whitespace", Valid.Replace(", ", " ,\n\t ", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(Certain))]
    public void Takes_the_fast_path_when_certain_of_stj_result(string variant, string json)
    {
        var fast = InteractionRecordedReader.TryRead(Encoding.UTF8.GetBytes(json));

        fast.ShouldNotBeNull(variant);
        Json(fast).ShouldBe(Json(JsonSerializer.Deserialize(json, typeof(InteractionRecorded), DomainJson.Options)!), variant);
    }

    [Fact]
    public void Text_that_is_not_valid_utf16_is_left_to_stj() =>
        InteractionRecordedReader.TryRead(Valid.Replace("sha256:ab", "sha256:\ud800", StringComparison.Ordinal)).ShouldBeNull();

    private static string Outcome(Func<object?> decode)
    {
        try
        {
            return decode() is { } decoded ? Json(decoded) : "null";
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().FullName}: {ex.Message}";
        }
    }

    private static string Json(object domainEvent) => JsonSerializer.Serialize(domainEvent, domainEvent.GetType(), DomainJson.Options);

    private static readonly string[] Fragments =
    [
        "plain", "", "ünïcödé", "日本語", "emoji 😀", "quote \" and backslash \\", "slash /", "new\nline", "tab\t",
        "\r\b\f", "\u0001\u001f", "<b>&'+`", "\u2028\u2029", "\u00a0nbsp", "زيت", "\uffff",
    ];

    private static readonly int[] OffsetMinutes = [0, 60, -60, 330, 345, -480, -570, 840, -720];

    private static InteractionRecorded Generate(Random random) => new(
        Id(random),
        Id(random),
        Id(random),
        [.. Enumerable.Range(0, random.Next(5)).Select(_ => Id(random))],
        Date(random),
        Text(random),
        new SourceRef(Text(random), Text(random)),
        random.Next(4) switch
        {
            0 => new MonetaryPayload(Number(random), Text(random), Pick<MoneyDirection>(random), random.Next(2) == 0 ? null : Text(random)),
            1 => new InformationalPayload(Pick<InformationKind>(random), Text(random), random.Next(2) == 0 ? null : Id(random)),
            2 => new LogisticalPayload(Text(random), Number(random), Text(random), Pick<LogisticalStatus>(random)),
            _ => new EmotionalPayload(Pick<EmotionalSignal>(random), Number(random), random.Next(3) == 0 ? random.Next(int.MinValue, int.MaxValue) : random.Next(1, 6)),
        },
        new Classification(Pick<ClassificationSource>(random), random.Next(2) == 0 ? null : Text(random), random.Next(3) == 0 ? 1m : Number(random)));

    private static string Text(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(4)).Select(_ => random.Next(3) == 0 ? ((char)random.Next(0x20, 0xd800)).ToString() : Fragments[random.Next(Fragments.Length)]));

    private static decimal Number(Random random) => random.Next(6) switch
    {
        0 => decimal.MaxValue,
        1 => decimal.MinValue,
        2 => 0.0000000000000000000000000001m,
        3 => decimal.Parse("1.5000", CultureInfo.InvariantCulture),
        _ => new decimal(random.Next(), random.Next(), random.Next(), random.Next(2) == 0, (byte)random.Next(29)),
    };

    private static DateTimeOffset Date(Random random)
    {
        var offset = TimeSpan.FromMinutes(OffsetMinutes[random.Next(OffsetMinutes.Length)]);
        var ticks = new DateTime(1990, 1, 1).Ticks + (long)(random.NextDouble() * (new DateTime(2090, 1, 1).Ticks - new DateTime(1990, 1, 1).Ticks));
        return new DateTimeOffset(random.Next(3) == 0 ? ticks - ticks % TimeSpan.TicksPerSecond : ticks, offset);
    }

    private static Guid Id(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static T Pick<T>(Random random)
        where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        return values[random.Next(values.Length)];
    }

    /// <summary>Optional members may be absent from stored JSON (written by an older version, or by hand).</summary>
    private static void DropSomeOptionalMembers(JsonObject recorded, Random random)
    {
        foreach (var (owner, name) in new[] { ("payload", "reference"), ("payload", "buildsOn"), ("classification", "ruleId"), ("classification", "confidence") })
        {
            if (random.Next(3) == 0) recorded[owner]!.AsObject().Remove(name);
        }
    }

    /// <summary>
    /// JSON as PostgreSQL prints a jsonb value: keys shorter first, then by their bytes (so "kind" is not first in a
    /// payload), ", " and ": " between items, and only quotes, backslashes and control characters escaped.
    /// </summary>
    private static string Jsonb(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return "null";
            case JsonObject o:
                var members = o.Select(m => (Key: Encoding.UTF8.GetBytes(m.Key), m.Key, m.Value))
                    .OrderBy(m => m.Key.Length).ThenBy(m => m.Key, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)));
                return "{" + string.Join(", ", members.Select(m => Quote(m.Item2) + ": " + Jsonb(m.Value))) + "}";
            case JsonArray a:
                return "[" + string.Join(", ", a.Select(Jsonb)) + "]";
            default:
                return node.GetValueKind() == JsonValueKind.String ? Quote(node.GetValue<string>()) : node.ToJsonString();
        }
    }

    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }
}
