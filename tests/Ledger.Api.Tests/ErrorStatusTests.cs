using System.Net.Http.Headers;
using System.Text;
using Ledger.Api.Security;
using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

/// <summary>
/// Every error status the API documents, each as an RFC 9457 problem (<c>application/problem+json</c> with a
/// <c>status</c>), on Kestrel so that the request body limit is the real server's.
/// </summary>
public sealed class ErrorStatusTests(KestrelLedgerApiFactory factory) : IClassFixture<KestrelLedgerApiFactory>
{
    private static StringContent Raw(string json) => Http.RawJson(json);

    [Fact]
    public async Task Malformed_json_is_a_400_with_field_errors()
    {
        var recorder = await factory.RecorderAsync();

        var errors = await (await recorder.PostRawAsync("/api/conversations", Raw("""{"channel": "email", "participantIds": [ """))).ShouldBeValidationProblemAsync();

        errors.Values.SelectMany(m => m).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_body_that_is_not_json_at_all_is_a_400()
    {
        var recorder = await factory.RecorderAsync();

        await (await recorder.PostRawAsync("/api/participants", Raw("type=internal"))).ShouldBeValidationProblemAsync();
    }

    [Fact]
    public async Task A_missing_required_field_is_a_400_naming_the_field()
    {
        var recorder = await factory.RecorderAsync();
        var alice = await recorder.RegisterParticipantAsync();

        var errors = await (await recorder.PostJsonAsync("/api/conversations", new { participantIds = new[] { alice } })).ShouldBeValidationProblemAsync();

        errors.ShouldContain(e => e.Key == "channel" || e.Value.Any(m => m.Contains("channel", StringComparison.Ordinal)),
            $"no error names 'channel': {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
    }

    [Fact]
    public async Task A_missing_required_field_inside_the_payload_is_a_400_naming_the_field()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var interaction = Requests.Interaction(alice, bob);
        ((System.Text.Json.Nodes.JsonObject)interaction["payload"]!).Remove("currency");

        var errors = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions", interaction)).ShouldBeValidationProblemAsync();

        errors.ShouldContain(e => e.Key.Contains("currency", StringComparison.Ordinal) || e.Value.Any(m => m.Contains("currency", StringComparison.Ordinal)),
            $"no error names 'currency': {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
    }

    [Fact]
    public async Task An_unknown_enum_value_is_a_400_naming_the_field()
    {
        var recorder = await factory.RecorderAsync();
        var alice = await recorder.RegisterParticipantAsync();

        var errors = await (await recorder.PostJsonAsync("/api/conversations", new { channel = "carrierPigeon", participantIds = new[] { alice } })).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain("channel");
    }

    [Fact]
    public async Task An_unknown_payload_kind_is_a_400_naming_the_field()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var interaction = Requests.Interaction(alice, bob, new System.Text.Json.Nodes.JsonObject { ["kind"] = "telepathic" });

        var errors = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions", interaction)).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain(k => k.StartsWith("payload", StringComparison.Ordinal), string.Join(", ", errors.Keys));
    }

    [Fact]
    public async Task An_enum_sent_as_a_number_is_a_400()
    {
        var recorder = await factory.RecorderAsync();
        var alice = await recorder.RegisterParticipantAsync();

        var errors = await (await recorder.PostJsonAsync("/api/conversations", new { channel = 1, participantIds = new[] { alice } })).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain("channel");
    }

    [Fact]
    public async Task A_malformed_route_guid_is_a_404_problem()
    {
        var recorder = await factory.RecorderAsync();

        await (await recorder.GetAsync(new Uri("/api/conversations/not-a-guid", UriKind.Relative))).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task An_unknown_conversation_is_a_404()
    {
        var recorder = await factory.RecorderAsync();

        var problem = await (await recorder.GetAsync(new Uri($"/api/conversations/{Guid.NewGuid()}", UriKind.Relative))).ShouldBeProblemAsync(404);

        problem.GetProperty("code").GetString().ShouldBe("conversation_not_found");
    }

    [Fact]
    public async Task An_interaction_on_a_closed_conversation_is_a_409()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/close", new { outcome = "resolved" })).ShouldBeAsync(200);

        var problem = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions", Requests.Interaction(alice, bob))).ShouldBeProblemAsync(409);

        problem.GetProperty("code").GetString().ShouldBe("conversation_closed");
    }

    [Fact]
    public async Task A_matching_if_match_is_accepted_and_a_stale_one_is_a_412()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var (conversation, _, _) = await recorder.ConversationOfTwoAsync();
        var carol = await recorder.RegisterParticipantAsync();
        var dave = await recorder.RegisterParticipantAsync();

        var joined = await recorder.PostJsonAsync($"/api/conversations/{conversation}/join", new { participantId = carol }, ifMatch: "\"1\"");
        await joined.ShouldBeAsync(200);
        joined.ETag().ShouldBe("\"2\"");
        var before = await auditor.HeadPositionAsync();

        var stale = await recorder.PostJsonAsync($"/api/conversations/{conversation}/join", new { participantId = dave }, ifMatch: "\"1\"");

        var problem = await stale.ShouldBeProblemAsync(412);
        problem.GetProperty("code").GetString().ShouldBe("stale_version");
        (await auditor.HeadPositionAsync()).ShouldBe(before);
        (await recorder.ConversationAsync(conversation)).GetProperty("members").EnumerateArray().Select(m => m.GetGuid()).ShouldNotContain(dave);
    }

    [Fact]
    public async Task A_stale_if_match_on_an_interaction_is_a_412()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        await recorder.RecordInteractionAsync(conversation, Requests.Interaction(alice, bob));

        await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions", Requests.Interaction(alice, bob), ifMatch: "\"1\"")).ShouldBeProblemAsync(412);
    }

    [Fact]
    public async Task A_malformed_if_match_is_a_400()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, _, _) = await recorder.ConversationOfTwoAsync();

        var errors = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/close", new { outcome = "won" }, ifMatch: "\"yesterday\"")).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain("If-Match");
    }

    [Fact]
    public async Task No_key_is_a_401()
    {
        var problem = await (await factory.Anonymous().GetAsync(new Uri("/api/ledger/head", UriKind.Relative))).ShouldBeProblemAsync(401);

        problem.GetProperty("code").GetString().ShouldBe("unauthenticated");
    }

    [Fact]
    public async Task An_unknown_key_is_a_401()
    {
        await (await factory.WithKey("ldg_this-key-was-never-issued").GetAsync(new Uri("/api/ledger/head", UriKind.Relative))).ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task A_role_the_endpoint_does_not_admit_is_a_403()
    {
        var recorder = await factory.RecorderAsync();

        var problem = await (await recorder.GetAsync(new Uri("/api/ledger/head", UriKind.Relative))).ShouldBeProblemAsync(403);

        problem.GetProperty("code").GetString().ShouldBe("forbidden");
        problem.GetProperty("detail").GetString()!.ShouldContain("auditor");
    }

    [Fact]
    public async Task A_body_over_4_mib_is_a_413_and_appends_nothing()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var before = await auditor.HeadPositionAsync();

        var problem = await (await SendOversizedBatchAsync(conversation, alice, bob, idempotencyKey: null)).ShouldBeProblemAsync(413);

        problem.GetProperty("title").GetString().ShouldNotBeNullOrEmpty();
        (await auditor.HeadPositionAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_body_over_4_mib_with_an_idempotency_key_is_a_413_and_appends_nothing()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var before = await auditor.HeadPositionAsync();

        var problem = await (await SendOversizedBatchAsync(conversation, alice, bob, Guid.NewGuid().ToString())).ShouldBeProblemAsync(413);

        problem.GetProperty("code").GetString().ShouldBe("body_too_large");
        (await auditor.HeadPositionAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_chunked_body_over_4_mib_is_refused_and_appends_nothing()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var before = await auditor.HeadPositionAsync();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(OversizedBatch(alice, bob))));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversation}/interactions/batch") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        HttpResponseMessage? response = null;
        try
        {
            response = await recorder.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            // Kestrel answers 413 and closes the connection once the limit is crossed; a client still sending the
            // rest may see the connection reset instead of the answer. Refused either way: what matters is below.
        }

        if (response is not null) await response.ShouldBeProblemAsync(413);
        (await auditor.HeadPositionAsync()).ShouldBe(before);
    }

    /// <summary>A valid batch of one interaction, padded past 4 MiB with a member the server ignores: only the limit refuses it.</summary>
    private static string OversizedBatch(Guid alice, Guid bob)
    {
        var batch = Requests.Batch(Requests.Interaction(alice, bob));
        batch["padding"] = new string('x', 5 * 1024 * 1024);
        return batch.ToJsonString();
    }

    /// <summary>
    /// Sends the body with <c>Expect: 100-continue</c> and a client that waits for the server's answer before sending
    /// it, so that Kestrel can refuse on the declared length and the client reliably reads the 413.
    /// </summary>
    private async Task<HttpResponseMessage> SendOversizedBatchAsync(Guid conversation, Guid alice, Guid bob, string? idempotencyKey)
    {
        var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(60) })
        {
            BaseAddress = factory.CreateClient().BaseAddress,
        };
        client.DefaultRequestHeaders.Add("X-Api-Key", await factory.KeyAsync(Roles.Recorder));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversation}/interactions/batch")
        {
            Content = Raw(OversizedBatch(alice, bob)),
        };
        request.Headers.ExpectContinue = true;
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task An_idempotency_key_reused_with_another_body_is_a_422_and_appends_nothing()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var key = Guid.NewGuid().ToString();
        await (await recorder.PostJsonAsync("/api/participants", Requests.Internal("sales"), idempotencyKey: key)).ShouldBeAsync(201);
        var before = await auditor.HeadPositionAsync();

        var problem = await (await recorder.PostJsonAsync("/api/participants", Requests.Internal("legal"), idempotencyKey: key)).ShouldBeProblemAsync(422);

        problem.GetProperty("code").GetString().ShouldBe("idempotency_key_reused");
        (await auditor.HeadPositionAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_idempotency_key_over_200_characters_is_a_400()
    {
        var recorder = await factory.RecorderAsync();

        await (await recorder.PostJsonAsync("/api/participants", Requests.Internal(), idempotencyKey: new string('k', 201))).ShouldBeProblemAsync(400);
    }

    [Fact]
    public async Task An_unknown_path_is_a_404_problem()
    {
        var admin = await factory.ClientAsync(Roles.Admin);

        await (await admin.GetAsync(new Uri("/api/nothing-here", UriKind.Relative))).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task An_unsupported_method_is_a_405_problem()
    {
        var admin = await factory.ClientAsync(Roles.Admin);

        await (await admin.DeleteAsync(new Uri("/api/keys", UriKind.Relative))).ShouldBeProblemAsync(405);
    }
}
