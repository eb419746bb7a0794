using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

public sealed class IdempotencyTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task A_retry_with_the_same_key_and_body_replays_the_response_and_appends_nothing()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var interaction = Requests.Interaction(alice, bob);
        var key = $"retry-{Guid.NewGuid()}";

        var first = await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions", interaction, idempotencyKey: key);
        var firstBody = await first.Content.ReadAsStringAsync();
        var headAfterFirst = await auditor.HeadPositionAsync();
        var retry = await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions", interaction, idempotencyKey: key);
        var retryBody = await retry.Content.ReadAsStringAsync();

        ((int)first.StatusCode).ShouldBe(201, firstBody);
        first.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        ((int)retry.StatusCode).ShouldBe(201, retryBody);
        retry.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        retryBody.ShouldBe(firstBody);
        retry.ETag().ShouldBe(first.ETag());
        retry.Headers.Location.ShouldBe(first.Headers.Location);
        retry.ContentType()?.MediaType.ShouldBe(first.ContentType()?.MediaType);
        (await auditor.HeadPositionAsync()).ShouldBe(headAfterFirst);
        (await recorder.ConversationAsync(conversation)).GetProperty("interactions").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_retried_registration_without_a_client_id_creates_one_participant()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var key = Guid.NewGuid().ToString();

        var first = await (await recorder.PostJsonAsync("/api/participants", Requests.Internal(), idempotencyKey: key)).ShouldBeAsync(201);
        var head = await auditor.HeadPositionAsync();
        var retry = await (await recorder.PostJsonAsync("/api/participants", Requests.Internal(), idempotencyKey: key)).ShouldBeAsync(201);

        retry.GetProperty("participantId").GetGuid().ShouldBe(first.GetProperty("participantId").GetGuid());
        (await auditor.HeadPositionAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task A_retry_of_a_refused_request_is_refused_the_same_way_and_appends_nothing()
    {
        // Refusals raised as exceptions are answered outside the idempotency middleware, so they are re-executed
        // rather than replayed (see the report); either way the retry must get the same problem and append nothing.
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var key = Guid.NewGuid().ToString();
        var body = new { channel = "email", participantIds = new[] { Guid.NewGuid() } };

        var first = await (await recorder.PostJsonAsync("/api/conversations", body, idempotencyKey: key)).ShouldBeProblemAsync(404);
        var head = await auditor.HeadPositionAsync();
        var retry = await (await recorder.PostJsonAsync("/api/conversations", body, idempotencyKey: key)).ShouldBeProblemAsync(404);

        retry.GetProperty("code").GetString().ShouldBe(first.GetProperty("code").GetString());
        retry.GetProperty("detail").GetString().ShouldBe(first.GetProperty("detail").GetString());
        (await auditor.HeadPositionAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task The_same_key_from_another_api_key_is_a_separate_request()
    {
        var recorder = await factory.RecorderAsync();
        var other = factory.WithKey((await factory.CreateKeyAsync(Security.Roles.Recorder, "second recorder")).Secret);
        var key = Guid.NewGuid().ToString();

        var mine = await (await recorder.PostJsonAsync("/api/participants", Requests.Internal(), idempotencyKey: key)).ShouldBeAsync(201);
        var theirs = await other.PostJsonAsync("/api/participants", Requests.Internal("legal"), idempotencyKey: key);

        (await theirs.ShouldBeAsync(201)).GetProperty("participantId").GetGuid().ShouldNotBe(mine.GetProperty("participantId").GetGuid());
        theirs.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
    }

    [Fact]
    public async Task Concurrent_requests_with_the_same_key_append_exactly_one_interaction()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var interaction = Requests.Interaction(alice, bob);
        var key = $"parallel-{Guid.NewGuid()}";
        var before = await auditor.HeadPositionAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions", interaction, idempotencyKey: key)));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        statuses.ShouldAllBe(s => s == 201 || s == 409, string.Join(", ", statuses));
        statuses.ShouldContain(201);
        foreach (var refused in responses.Where(r => (int)r.StatusCode == 409))
            (await refused.ShouldBeProblemAsync(409)).GetProperty("code").GetString().ShouldBe("idempotency_in_progress");
        var ids = new HashSet<Guid>();
        foreach (var accepted in responses.Where(r => (int)r.StatusCode == 201))
            ids.Add((await accepted.JsonAsync()).GetProperty("interactionIds")[0].GetGuid());
        ids.Count.ShouldBe(1);
        (await auditor.HeadPositionAsync()).ShouldBe(before + 1);
        var interactions = (await recorder.ConversationAsync(conversation)).GetProperty("interactions");
        interactions.GetArrayLength().ShouldBe(1);
        interactions[0].GetProperty("interactionId").GetGuid().ShouldBe(ids.Single());
    }

    [Fact]
    public async Task Concurrent_batches_with_the_same_key_append_the_batch_once()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var batch = Requests.Batch(Requests.Interaction(alice, bob), Requests.Interaction(bob, alice), Requests.Interaction(alice, bob));
        var key = Guid.NewGuid().ToString();
        var before = await auditor.HeadPositionAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions/batch", batch, idempotencyKey: key)));

        responses.Select(r => (int)r.StatusCode).ShouldAllBe(s => s == 201 || s == 409);
        (await auditor.HeadPositionAsync()).ShouldBe(before + 3);
        (await recorder.ConversationAsync(conversation)).GetProperty("interactions").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task Without_a_key_two_identical_requests_are_two_requests()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var interaction = Requests.Interaction(alice, bob);

        await recorder.RecordInteractionAsync(conversation, interaction);
        await recorder.RecordInteractionAsync(conversation, interaction);

        (await recorder.ConversationAsync(conversation)).GetProperty("interactions").GetArrayLength().ShouldBe(2);
    }
}
