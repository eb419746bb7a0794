using System.Text.Json.Nodes;
using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

public sealed class InteractionsApiTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task Records_one_interaction_and_the_conversation_shows_it()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var hash = Requests.RandomHash();
        var interaction = Requests.Interaction(alice, bob, Requests.Monetary(99.90m, "eur", "saving"));
        interaction["contentHash"] = hash.ToUpperInvariant();

        var response = await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions", interaction);
        var recorded = await response.ShouldBeAsync(201);

        var id = recorded.GetProperty("interactionIds")[0].GetGuid();
        recorded.GetProperty("conversationId").GetGuid().ShouldBe(conversation);
        recorded.GetProperty("version").GetInt64().ShouldBe(2);
        recorded.GetProperty("position").GetInt64().ShouldBeGreaterThan(0);
        response.ETag().ShouldBe("\"2\"");
        var view = await recorder.InteractionViewAsync(conversation, id);
        view.GetProperty("senderId").GetGuid().ShouldBe(alice);
        view.GetProperty("receiverIds").EnumerateArray().Single().GetGuid().ShouldBe(bob);
        view.GetProperty("contentHash").GetString().ShouldBe(hash);
        view.GetProperty("kind").GetString().ShouldBe("monetary");
        view.GetProperty("payload").GetProperty("kind").GetString().ShouldBe("monetary");
        view.GetProperty("payload").GetProperty("amount").GetDecimal().ShouldBe(99.90m);
        view.GetProperty("payload").GetProperty("currency").GetString().ShouldBe("EUR");
        view.GetProperty("payload").GetProperty("direction").GetString().ShouldBe("saving");
        view.GetProperty("classification").GetProperty("source").GetString().ShouldBe("manual");
        view.GetProperty("voided").GetBoolean().ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task Records_each_kind_of_payload(string kind, JsonObject payload)
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();

        var id = await recorder.RecordInteractionAsync(conversation, Requests.Interaction(alice, bob, payload));

        var view = await recorder.InteractionViewAsync(conversation, id);
        view.GetProperty("kind").GetString().ShouldBe(kind);
        view.GetProperty("payload").GetProperty("kind").GetString().ShouldBe(kind);
    }

    public static TheoryData<string, JsonObject> Payloads() => new()
    {
        { "monetary", Requests.Monetary() },
        { "informational", Requests.Informational("idea", "onboarding") },
        { "logistical", Requests.Logistical() },
        { "emotional", Requests.Emotional("complaint", -0.5m, 4) },
    };

    [Fact]
    public async Task Records_a_rule_classification_with_its_confidence()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var interaction = Requests.Interaction(alice, bob);
        interaction["classification"] = new JsonObject { ["source"] = "rule", ["ruleId"] = "invoice-mail", ["confidence"] = 0.75m };

        var id = await recorder.RecordInteractionAsync(conversation, interaction);

        var classification = (await recorder.InteractionViewAsync(conversation, id)).GetProperty("classification");
        classification.GetProperty("source").GetString().ShouldBe("rule");
        classification.GetProperty("ruleId").GetString().ShouldBe("invoice-mail");
        classification.GetProperty("confidence").GetDecimal().ShouldBe(0.75m);
    }

    [Fact]
    public async Task An_informational_interaction_builds_on_an_earlier_one_in_another_conversation()
    {
        var recorder = await factory.RecorderAsync();
        var (first, alice, bob) = await recorder.ConversationOfTwoAsync();
        var earlier = await recorder.RecordInteractionAsync(first, Requests.Interaction(alice, bob, Requests.Informational()));
        var second = await recorder.OpenConversationAsync(alice, bob);

        var id = await recorder.RecordInteractionAsync(second, Requests.Interaction(bob, alice, Requests.Informational("referral", "pricing", earlier)));

        (await recorder.InteractionViewAsync(second, id)).GetProperty("payload").GetProperty("buildsOn").GetGuid().ShouldBe(earlier);
        var unknown = await (await recorder.PostJsonAsync($"/api/conversations/{second}/interactions",
            Requests.Interaction(bob, alice, Requests.Informational(buildsOn: Guid.NewGuid())))).ShouldBeProblemAsync(404);
        unknown.GetProperty("code").GetString().ShouldBe("unknown_builds_on");
    }

    [Fact]
    public async Task Records_a_batch_atomically_at_consecutive_positions()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var before = await auditor.HeadPositionAsync();

        var recorded = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions/batch", Requests.Batch(
            Requests.Interaction(alice, bob, Requests.Monetary()),
            Requests.Interaction(bob, alice, Requests.Emotional()),
            Requests.Interaction(alice, bob, Requests.Logistical())))).ShouldBeAsync(201);

        var ids = recorded.GetProperty("interactionIds").EnumerateArray().Select(i => i.GetGuid()).ToList();
        ids.Count.ShouldBe(3);
        ids.Distinct().Count().ShouldBe(3);
        recorded.GetProperty("version").GetInt64().ShouldBe(4);
        (await auditor.HeadPositionAsync()).ShouldBe(before + 3);
        (await recorder.ConversationAsync(conversation)).GetProperty("interactions").EnumerateArray()
            .Select(i => i.GetProperty("interactionId").GetGuid()).ShouldBe(ids, ignoreOrder: true);
    }

    [Fact]
    public async Task A_batch_with_one_bad_item_is_a_400_and_appends_nothing()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var before = await auditor.HeadPositionAsync();

        var errors = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions/batch", Requests.Batch(
            Requests.Interaction(alice, bob),
            Requests.Interaction(alice, bob, Requests.Monetary(currency: "XYZ")),
            Requests.Interaction(alice, bob)))).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain("interactions[1].payload.currency");
        (await auditor.HeadPositionAsync()).ShouldBe(before);
        (await recorder.ConversationAsync(conversation)).GetProperty("interactions").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_batch_whose_last_item_breaks_a_rule_appends_nothing()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var before = await auditor.HeadPositionAsync();

        var problem = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions/batch", Requests.Batch(
            Requests.Interaction(alice, bob),
            Requests.Interaction(alice, bob),
            Requests.Interaction(alice, Guid.NewGuid())))).ShouldBeProblemAsync(409);

        problem.GetProperty("code").GetString().ShouldBe("receiver_not_in_conversation");
        (await auditor.HeadPositionAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_batch_of_1001_interactions_is_a_400_and_appends_nothing()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var before = await auditor.HeadPositionAsync();

        var errors = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions/batch",
            Requests.Batch([.. Enumerable.Range(0, 1001).Select(_ => Requests.Interaction(alice, bob))]))).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain("interactions");
        (await auditor.HeadPositionAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_batch_of_1000_interactions_is_recorded()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();

        var recorded = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions/batch",
            Requests.Batch([.. Enumerable.Range(0, 1000).Select(_ => Requests.Interaction(alice, bob))]))).ShouldBeAsync(201);

        recorded.GetProperty("interactionIds").GetArrayLength().ShouldBe(1000);
    }

    [Fact]
    public async Task An_empty_batch_is_a_400()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, _, _) = await recorder.ConversationOfTwoAsync();

        var errors = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions/batch", Requests.Batch())).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain("interactions");
    }

    [Fact]
    public async Task Reclassifying_changes_the_payload_in_the_conversation_view()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var id = await recorder.RecordInteractionAsync(conversation, Requests.Interaction(alice, bob, Requests.Monetary()));

        var response = await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions/{id}/reclassify",
            new { payload = Requests.Informational("document", "contract"), reason = "It was the contract, not a payment", reclassifiedBy = alice });
        await response.ShouldBeAsync(200);

        response.ETag().ShouldBe("\"3\"");
        var view = await recorder.InteractionViewAsync(conversation, id);
        view.GetProperty("kind").GetString().ShouldBe("informational");
        view.GetProperty("payload").GetProperty("what").GetString().ShouldBe("document");
        view.GetProperty("payload").GetProperty("topic").GetString().ShouldBe("contract");
        view.GetProperty("voided").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Voiding_marks_the_interaction_voided_in_the_conversation_view_and_refuses_a_later_reclassification()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var id = await recorder.RecordInteractionAsync(conversation, Requests.Interaction(alice, bob));

        await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions/{id}/void",
            new { reason = "Recorded twice", voidedBy = alice })).ShouldBeAsync(200);

        (await recorder.InteractionViewAsync(conversation, id)).GetProperty("voided").GetBoolean().ShouldBeTrue();
        var problem = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions/{id}/reclassify",
            new { payload = Requests.Emotional(), reason = "late", reclassifiedBy = alice })).ShouldBeProblemAsync(409);
        problem.GetProperty("code").GetString().ShouldBe("interaction_voided");
    }

    [Fact]
    public async Task Correcting_an_unknown_interaction_is_a_404()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, _) = await recorder.ConversationOfTwoAsync();

        var problem = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions/{Guid.NewGuid()}/void",
            new { reason = "typo", voidedBy = alice })).ShouldBeProblemAsync(404);

        problem.GetProperty("code").GetString().ShouldBe("interaction_not_found");
    }

    [Fact]
    public async Task Content_and_content_hash_together_are_a_400()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var interaction = Requests.Interaction(alice, bob, content: "hello");
        interaction["contentHash"] = Requests.RandomHash();

        var errors = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions", interaction)).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain("interactions[0].content");
    }

    [Fact]
    public async Task Neither_content_nor_content_hash_is_a_400()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var interaction = Requests.Interaction(alice, bob);
        interaction.Remove("contentHash");

        var errors = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions", interaction)).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain("interactions[0].contentHash");
    }

    [Fact]
    public async Task A_sender_outside_the_conversation_is_a_409()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, _) = await recorder.ConversationOfTwoAsync();
        var stranger = await recorder.RegisterParticipantAsync();

        var problem = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions",
            Requests.Interaction(stranger, alice))).ShouldBeProblemAsync(409);

        problem.GetProperty("code").GetString().ShouldBe("sender_not_in_conversation");
    }

    [Fact]
    public async Task Recording_the_same_interaction_id_again_with_the_same_content_appends_nothing()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var interaction = Requests.Interaction(alice, bob, interactionId: Guid.NewGuid());
        await recorder.RecordInteractionAsync(conversation, interaction);
        var before = await auditor.HeadPositionAsync();

        var again = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions", interaction)).ShouldBeAsync(201);

        again.GetProperty("version").GetInt64().ShouldBe(2);
        (await auditor.HeadPositionAsync()).ShouldBe(before);
        interaction["payload"] = Requests.Emotional();
        (await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions", interaction)).ShouldBeProblemAsync(409))
            .GetProperty("code").GetString().ShouldBe("interaction_already_recorded");
    }
}
