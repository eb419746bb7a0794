using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Api.Tests.Harness;
using Ledger.EventStore;
using Ledger.Import.Interchange;

namespace Ledger.Api.Tests;

public sealed class ImportsApiTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_batch_becomes_participants_conversations_and_classified_interactions()
    {
        var recorder = await factory.RecorderAsync();
        var system = Unique("mail");
        var batch = Batch(
            Message(system, "m1", "t1", "ana@acme.example", ["bo@client.example"], 0, Monetary(1250m)),
            Message(system, "m2", "t1", "bo@client.example", ["ana@acme.example", "cy@client.example"], 1, Emotional()),
            Message(system, "m3", "t2", "ana@acme.example", ["cy@client.example"], 2, Informational()));

        var result = await (await recorder.PostJsonAsync("/api/imports/messages", batch)).ShouldBeAsync(200);

        result.GetProperty("received").GetInt32().ShouldBe(3);
        result.GetProperty("recorded").GetInt32().ShouldBe(3);
        result.GetProperty("participantsRegistered").GetInt32().ShouldBe(3);
        result.GetProperty("conversationsOpened").GetInt32().ShouldBe(2);
        result.GetProperty("skipped").GetArrayLength().ShouldBe(0);

        var thread = await recorder.ConversationAsync(ConversationId(system, "t1"));
        thread.GetProperty("members").GetArrayLength().ShouldBe(3, "cy joined when first addressed");
        var interactions = thread.GetProperty("interactions").EnumerateArray().ToList();
        interactions.Count.ShouldBe(2);
        interactions[0].GetProperty("interactionId").GetGuid().ShouldBe(DeterministicId.From(ImportedIds.Interaction(system, "m1")));
        interactions[0].GetProperty("contentHash").GetString().ShouldBe(Hash("m1"));
        interactions[0].GetProperty("payload").GetProperty("amount").GetDecimal().ShouldBe(1250m);
        interactions[0].GetProperty("classification").GetProperty("ruleId").GetString().ShouldBe("invoice");
        interactions[1].GetProperty("kind").GetString().ShouldBe("emotional");

        // Staff by domain, everyone else external; personal data in the vault, readable by an admin.
        var admin = factory.WithKey(factory.AdminKey);
        var ana = interactions[0].GetProperty("senderId").GetGuid();
        var anaView = await admin.GetJsonAsync($"/api/participants/{ana}");
        anaView.GetProperty("state").GetProperty("type").GetString().ShouldBe("internal");
        anaView.GetProperty("personal").GetProperty("email").GetString().ShouldBe("ana@acme.example");
        var bo = interactions[1].GetProperty("senderId").GetGuid();
        (await admin.GetJsonAsync($"/api/participants/{bo}")).GetProperty("state").GetProperty("externalRole").GetString().ShouldBe("partner");
    }

    [Fact]
    public async Task Re_running_a_batch_writes_nothing_and_counts_it_as_already_recorded()
    {
        var recorder = await factory.RecorderAsync();
        var system = Unique("slack");
        var batch = Batch(
            Message(system, "a", "t", "u1@acme.example", ["u2@x.example"], 0, Monetary(10m)),
            Message(system, "b", "t", "u2@x.example", ["u1@acme.example"], 1, Emotional()));
        (await recorder.PostJsonAsync("/api/imports/messages", batch)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var head = await HeadAsync();

        var again = await (await recorder.PostJsonAsync("/api/imports/messages", batch)).ShouldBeAsync(200);

        again.GetProperty("recorded").GetInt32().ShouldBe(0);
        again.GetProperty("alreadyRecorded").GetInt32().ShouldBe(2);
        again.GetProperty("participantsRegistered").GetInt32().ShouldBe(0);
        (await HeadAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task The_same_email_in_two_systems_is_one_participant_and_a_later_batch_extends_a_thread()
    {
        var recorder = await factory.RecorderAsync();
        var (mail, chat) = (Unique("mail"), Unique("chat"));
        var email = $"{Guid.NewGuid():N}@acme.example";
        await (await recorder.PostJsonAsync("/api/imports/messages", Batch(Message(mail, "1", "t", email, ["x@y.example"], 0, Emotional())))).ShouldBeAsync(200);
        await (await recorder.PostJsonAsync("/api/imports/messages", Batch(Message(chat, "1", "t", email.ToUpperInvariant(), ["z@y.example"], 1, Emotional())))).ShouldBeAsync(200);
        // A later export of the mail thread: one more message, with a newcomer.
        var later = await (await recorder.PostJsonAsync("/api/imports/messages",
            Batch(Message(mail, "2", "t", "x@y.example", [email, "new@y.example"], 2, Informational())))).ShouldBeAsync(200);

        later.GetProperty("recorded").GetInt32().ShouldBe(1);
        later.GetProperty("conversationsOpened").GetInt32().ShouldBe(0);
        var mailSender = (await recorder.ConversationAsync(ConversationId(mail, "t"))).GetProperty("interactions")[0].GetProperty("senderId").GetGuid();
        var chatSender = (await recorder.ConversationAsync(ConversationId(chat, "t"))).GetProperty("interactions")[0].GetProperty("senderId").GetGuid();
        chatSender.ShouldBe(mailSender);
        (await recorder.ConversationAsync(ConversationId(mail, "t"))).GetProperty("members").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task An_invalid_message_refuses_the_whole_batch_with_field_errors_and_writes_nothing()
    {
        var recorder = await factory.RecorderAsync();
        var system = Unique("csv");
        var bad = Message(system, "2", "t", "q@acme.example", ["r@x.example"], 1, Monetary(5m));
        bad["contentHash"] = "not-a-hash";
        var head = await HeadAsync();

        var errors = await (await recorder.PostJsonAsync("/api/imports/messages",
            Batch(Message(system, "1", "t", "p@acme.example", ["r@x.example"], 0, Monetary(5m)), bad))).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain("messages[1].contentHash");
        (await HeadAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task A_message_held_differently_or_aimed_at_a_closed_conversation_is_skipped_and_reported()
    {
        var recorder = await factory.RecorderAsync();
        var system = Unique("mbox");
        await (await recorder.PostJsonAsync("/api/imports/messages", Batch(Message(system, "1", "t", "a@acme.example", ["b@x.example"], 0, Monetary(5m))))).ShouldBeAsync(200);
        await (await recorder.PostJsonAsync($"/api/conversations/{ConversationId(system, "t")}/close", new JsonObject { ["outcome"] = "won" })).ShouldBeAsync(200);

        var result = await (await recorder.PostJsonAsync("/api/imports/messages", Batch(
            Message(system, "1", "t", "a@acme.example", ["b@x.example"], 0, Monetary(7m)),
            Message(system, "2", "t", "b@x.example", ["a@acme.example"], 1, Emotional())))).ShouldBeAsync(200);

        result.GetProperty("recorded").GetInt32().ShouldBe(0);
        var skipped = result.GetProperty("skipped").EnumerateArray().ToList();
        skipped.Select(s => s.GetProperty("index").GetInt32()).ShouldBe([0, 1]);
        skipped[0].GetProperty("reason").GetString()!.ShouldContain("different content");
        skipped[1].GetProperty("reason").GetString()!.ShouldContain("closed");
    }

    [Fact]
    public async Task After_erasure_the_same_person_is_a_new_participant()
    {
        var recorder = await factory.RecorderAsync();
        var system = Unique("mail");
        var email = $"{Guid.NewGuid():N}@client.example";
        await (await recorder.PostJsonAsync("/api/imports/messages", Batch(Message(system, "1", "t1", email, ["s@acme.example"], 0, Emotional())))).ShouldBeAsync(200);
        var erased = (await recorder.ConversationAsync(ConversationId(system, "t1"))).GetProperty("interactions")[0].GetProperty("senderId").GetGuid();
        var admin = factory.WithKey(factory.AdminKey);
        await (await admin.PostJsonAsync($"/api/participants/{erased}/erase", new JsonObject())).ShouldBeAsync(200);

        await (await recorder.PostJsonAsync("/api/imports/messages", Batch(Message(system, "2", "t2", email, ["s@acme.example"], 1, Emotional())))).ShouldBeAsync(200);

        var sender = (await recorder.ConversationAsync(ConversationId(system, "t2"))).GetProperty("interactions")[0].GetProperty("senderId").GetGuid();
        sender.ShouldNotBe(erased);
    }

    [Fact]
    public async Task Event_lines_with_a_malformed_line_are_refused_naming_the_line_and_nothing_is_written()
    {
        var admin = factory.WithKey(factory.AdminKey);
        var line = ExportLine(Guid.NewGuid(), $"participant-{Guid.NewGuid():N}");
        var head = await HeadAsync();

        var response = await admin.PostAsync("/api/imports/events", Ndjson(line, "{\"streamId\": \"x\"", ExportLine(Guid.NewGuid(), "s", type: "no-such-event")));

        var errors = await response.ShouldBeValidationProblemAsync();
        errors.Keys.ShouldBe(["line 2", "line 3"], ignoreOrder: true);
        errors["line 3"][0].ShouldContain("unknown event type");
        (await HeadAsync()).ShouldBe(head);
        (await (await factory.RecorderAsync()).PostAsync("/api/imports/events", Ndjson(line))).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Event_lines_import_once_and_a_re_run_finds_them_present()
    {
        var admin = factory.WithKey(factory.AdminKey);
        var id = Guid.NewGuid();
        var line = ExportLine(id, $"participant-{id:N}");

        var first = await (await admin.PostAsync("/api/imports/events", Ndjson(line))).ShouldBeAsync(200);
        var second = await (await admin.PostAsync("/api/imports/events", Ndjson(line))).ShouldBeAsync(200);

        first.GetProperty("imported").GetInt64().ShouldBe(1);
        second.GetProperty("imported").GetInt64().ShouldBe(0);
        second.GetProperty("alreadyPresent").GetInt64().ShouldBe(1);
        var stored = await admin.GetJsonAsync($"/api/ledger/streams/participant-{id:N}");
        stored.GetProperty("events")[0].GetProperty("eventType").GetString().ShouldBe("participant-registered");
    }

    [Fact]
    public async Task A_batch_sent_ahead_waits_for_the_batch_it_follows_and_lands_after_it()
    {
        var admin = factory.WithKey(factory.AdminKey);
        var (first, second, firstEvent) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        // The second batch arrives first, naming the first batch's last event: it is checked, then held.
        var ahead = admin.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/imports/events")
        {
            Content = Ndjson(ExportLine(second, $"participant-{second:N}")),
            Headers = { { "Import-After", firstEvent.ToString() } },
        });
        await Task.Delay(300);
        ahead.IsCompleted.ShouldBeFalse("the batch must wait for the event it follows");
        (await (await admin.PostAsync("/api/imports/events", Ndjson(ExportLine(first, $"participant-{first:N}", eventId: firstEvent)))).ShouldBeAsync(200))
            .GetProperty("imported").GetInt64().ShouldBe(1);
        (await (await ahead).ShouldBeAsync(200)).GetProperty("imported").GetInt64().ShouldBe(1);

        var positions = new List<long>();
        foreach (var id in new[] { first, second })
            positions.Add((await admin.GetJsonAsync($"/api/ledger/streams/participant-{id:N}")).GetProperty("events")[0].GetProperty("position").GetInt64());
        positions[1].ShouldBeGreaterThan(positions[0]);
    }

    [Fact]
    public async Task A_malformed_import_after_header_is_refused_and_writes_nothing()
    {
        var admin = factory.WithKey(factory.AdminKey);
        var head = await HeadAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports/events") { Content = Ndjson(ExportLine(Guid.NewGuid(), "s")), Headers = { { "Import-After", "last-one" } } };

        var errors = await (await admin.SendAsync(request)).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldBe(["Import-After"]);
        (await HeadAsync()).ShouldBe(head);
    }

    private async Task<long> HeadAsync() =>
        (await factory.WithKey(factory.AdminKey).GetJsonAsync("/api/ledger/head")).GetProperty("position").GetInt64();

    private static string Unique(string system) => $"{system}-{Guid.NewGuid():N}"[..20];

    private static Guid ConversationId(string system, string thread) => DeterministicId.From(ImportedIds.Conversation(system, thread));

    private static string Hash(string text) => MessagePreparer.ContentHash(text);

    private static JsonObject Batch(params JsonObject[] messages) => new()
    {
        ["messages"] = new JsonArray([.. messages]),
        ["internalDomains"] = new JsonArray("acme.example"),
        ["externalRole"] = "partner",
    };

    private static JsonObject Message(string system, string id, string thread, string from, string[] to, int hoursLater, JsonObject payload) => new()
    {
        ["system"] = system,
        ["messageId"] = id,
        ["threadId"] = thread,
        ["channel"] = "email",
        ["sender"] = new JsonObject { ["email"] = from, ["name"] = from.Split('@')[0] },
        ["recipients"] = new JsonArray([.. to.Select(t => (JsonNode)new JsonObject { ["email"] = t })]),
        ["sentAt"] = Monday.AddHours(hoursLater).ToString("O"),
        ["contentHash"] = Hash(id),
        ["tags"] = new JsonArray("imported"),
        ["payload"] = payload,
        ["classification"] = new JsonObject { ["source"] = "rule", ["ruleId"] = payload["kind"]!.GetValue<string>() == "monetary" ? "invoice" : "other", ["confidence"] = 0.8 },
    };

    private static JsonObject Monetary(decimal amount) => new() { ["kind"] = "monetary", ["amount"] = amount, ["currency"] = "EUR", ["direction"] = "revenue" };

    private static JsonObject Emotional() => new() { ["kind"] = "emotional", ["signal"] = "gratitude", ["valence"] = 0.8, ["intensity"] = 3 };

    private static JsonObject Informational() => new() { ["kind"] = "informational", ["what"] = "answer", ["topic"] = "pricing" };

    private static string ExportLine(Guid participantId, string streamId, string type = "participant-registered", Guid? eventId = null) => JsonSerializer.Serialize(new
    {
        streamId,
        eventId = eventId ?? Guid.NewGuid(),
        eventType = type,
        schemaVersion = 1,
        data = JsonSerializer.Serialize(new { participantId, type = "internal", department = "sales", office = (string?)null, country = (string?)null, externalRole = (string?)null, organisationId = (string?)null, registeredAt = Monday }, Http.Json),
        actor = "test",
        occurredAt = Monday.ToString("O"),
    }, Http.Json);

    private static StringContent Ndjson(params string[] lines) => new(string.Join('\n', lines) + "\n", Encoding.UTF8, "application/x-ndjson");
}
