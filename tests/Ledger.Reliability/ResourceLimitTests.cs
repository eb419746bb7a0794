using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Reliability.Harness;
using Ledger.Testing;

namespace Ledger.Reliability;

/// <summary>One API and database for the resource-limit tests (each compares the head before and after itself).</summary>
public sealed class ResourceLimitFixture : IAsyncLifetime
{
    public ReliabilityHarness Harness { get; private set; } = null!;
    public string RecorderKey { get; private set; } = "";
    public Conversation Conversation { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Harness = await ReliabilityHarness.StartAsync(await TestPostgres.CreateDatabaseAsync("limits"), connections: 4);
        RecorderKey = await Harness.CreateKeyAsync("recorder");
        Conversation = await Harness.OpenConversationAsync(RecorderKey);
    }

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}

/// <summary>The documented limits (README "Limits"): 4 MiB bodies, 1,000 interactions a batch, 64 KiB an event.</summary>
public sealed class ResourceLimitTests(ResourceLimitFixture fixture, ITestOutputHelper output) : IClassFixture<ResourceLimitFixture>
{
    private ReliabilityHarness Harness => fixture.Harness;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_5_MB_body_is_refused_with_a_413_problem_and_nothing_is_written(bool withIdempotencyKey)
    {
        var before = await Harness.HeadAsync();
        // A well-formed interaction whose raw content is 5 MB: only the size is wrong with it.
        var body = Interaction(content: new string('x', 5 * 1024 * 1024));
        using var request = ReliabilityHarness.Request(HttpMethod.Post, InteractionsPath, fixture.RecorderKey, body.ToJsonString());
        // A careful client asks before uploading 5 MB; the server answers 413 instead of "100 Continue".
        request.Headers.ExpectContinue = true;
        if (withIdempotencyKey) request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString());

        var (status, problem) = await SendAsync(request);

        status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        problem.GetProperty("status").GetInt32().ShouldBe(413);
        (await Harness.HeadAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_batch_of_1001_interactions_is_refused_with_a_400_problem_and_nothing_is_written()
    {
        var before = await Harness.HeadAsync();
        var batch = new JsonObject { ["interactions"] = new JsonArray([.. Enumerable.Range(0, 1_001).Select(_ => (JsonNode)Interaction())]) };

        var (status, problem) = await SendAsync(ReliabilityHarness.Request(HttpMethod.Post, InteractionsPath + "/batch", fixture.RecorderKey, batch.ToJsonString()));

        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("code").GetString().ShouldBe("batch_too_large");
        (await Harness.HeadAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_batch_of_exactly_1000_interactions_is_accepted_atomically()
    {
        var before = await Harness.HeadAsync();
        var batch = new JsonObject { ["interactions"] = new JsonArray([.. Enumerable.Range(0, 1_000).Select(_ => (JsonNode)Interaction())]) };

        using var request = ReliabilityHarness.Request(HttpMethod.Post, InteractionsPath + "/batch", fixture.RecorderKey, batch.ToJsonString());
        using var response = await Harness.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        (await Harness.HeadAsync()).Position.ShouldBe(before.Position + 1_000);
    }

    [Fact]
    public async Task An_event_over_64_KiB_is_refused_with_a_problem_and_nothing_is_written()
    {
        var before = await Harness.HeadAsync();
        var version = await ConversationVersionAsync();
        var body = Interaction(reference: new string('r', 70_000));

        var (status, problem) = await SendAsync(ReliabilityHarness.Request(HttpMethod.Post, InteractionsPath, fixture.RecorderKey, body.ToJsonString()));

        output.WriteLine(problem.ToString());
        status.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge);
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        (await Harness.HeadAsync()).ShouldBe(before);
        (await ConversationVersionAsync()).ShouldBe(version);
    }

    private string InteractionsPath => $"/api/conversations/{fixture.Conversation.ConversationId}/interactions";

    private JsonObject Interaction(string? content = null, string? reference = null)
    {
        var interaction = new JsonObject
        {
            ["senderId"] = fixture.Conversation.StaffId,
            ["receiverIds"] = new JsonArray(fixture.Conversation.CustomerId),
            ["occurredAt"] = new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.Zero),
            ["source"] = new JsonObject { ["system"] = "limits", ["id"] = Guid.NewGuid().ToString("N") },
            ["payload"] = new JsonObject { ["kind"] = "monetary", ["amount"] = 10m, ["currency"] = "EUR", ["direction"] = "revenue", ["reference"] = reference },
        };
        if (content is not null) interaction["content"] = content;
        else interaction["contentHash"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return interaction;
    }

    private async Task<long> ConversationVersionAsync() =>
        (await Harness.GetJsonAsync($"/api/conversations/{fixture.Conversation.ConversationId}", fixture.RecorderKey)).GetProperty("version").GetInt64();

    /// <summary>Sends once; requires an RFC 9457 problem document back and returns it.</summary>
    private async Task<(HttpStatusCode Status, JsonElement Problem)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await Harness.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            output.WriteLine($"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {text[..Math.Min(text.Length, 300)]}");
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
            return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
        }
    }
}
