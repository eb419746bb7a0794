using System.Collections.Concurrent;
using System.Text.Json;
using Ledger.Reliability.Harness;
using Ledger.Testing;

namespace Ledger.Reliability;

/// <summary>
/// Thousands of generated malformed and adversarial requests against every endpoint of the OpenAPI document: the API
/// answers each with a 4xx problem (or a 2xx for a harmless read), never a 5xx, and the ledger does not move.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private const int Seed = 20_250_314;
    private const int Parallelism = 8;

    [Fact]
    public async Task Hostile_requests_get_4xx_problems_never_a_5xx_and_leave_the_ledger_untouched()
    {
        var count = Scale.Pick(ci: 10_000, longRun: 100_000);
        await using var harness = await ReliabilityHarness.StartAsync(await TestPostgres.CreateDatabaseAsync("hostile"), connections: Parallelism);
        var keys = new Dictionary<string, string> { ["admin"] = ReliabilityHarness.AdminKey };
        foreach (var role in new[] { "recorder", "finance", "executive", "pilot", "auditor" }) keys[role] = await harness.CreateKeyAsync(role);
        // Something to read and to protect: a conversation with interactions.
        var conversation = await harness.OpenConversationAsync(keys["recorder"]);
        var catalog = OpenApiCatalog.Parse(await harness.GetJsonAsync("/openapi/v1.json"));
        output.WriteLine($"{catalog.Operations.Count} operations: {string.Join(", ", catalog.Operations)}");
        var generator = new HostileRequestGenerator(catalog, keys);
        var before = await harness.HeadAsync();

        var byStatus = new ConcurrentDictionary<int, int>();
        var byAttack = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<string>();
        var transport = new ConcurrentQueue<string>();
        var next = -1;
        var refusedByKestrel = 0;
        var started = DateTime.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, Parallelism).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var hostile = generator.Create(Seed + i);
                byAttack.AddOrUpdate(hostile.Attack.Split('+')[0], 1, (_, n) => n + 1);
                try
                {
                    using var response = await SendAsync(harness, hostile);
                    var status = (int)response.StatusCode;
                    byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
                    var body = await response.Content.ReadAsStringAsync();
                    if (KestrelRefusedNul(hostile, response, body)) Interlocked.Increment(ref refusedByKestrel);
                    else if (Check(status, response.Content.Headers.ContentType?.MediaType, body) is { } problem && failures.Count < 100)
                        failures.Enqueue($"#{i} {problem}: {hostile}");
                }
                catch (HttpRequestException ex)
                {
                    // An oversized upload may be cut off by the server once it has answered 413; anything else is a failure.
                    if (hostile.Attack.Contains("oversized", StringComparison.Ordinal)) transport.Enqueue($"#{i} {ex.Message}");
                    else failures.Enqueue($"#{i} transport failure {ex.Message}: {hostile}");
                }
            }
        })));
        var elapsed = DateTime.UtcNow - started;

        var after = await harness.HeadAsync();
        var verify = await harness.VerifyAsync();
        output.WriteLine($"{count} hostile requests in {elapsed.TotalSeconds:0.0} s ({count / elapsed.TotalSeconds:0} per second), seed {Seed}");
        output.WriteLine("by status: " + string.Join(", ", byStatus.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}")));
        output.WriteLine("by attack: " + string.Join(", ", byAttack.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}")));
        output.WriteLine($"oversized uploads cut off after the answer: {transport.Count}; paths with an encoded NUL refused by Kestrel before the app (bare 400): {refusedByKestrel}");
        output.WriteLine($"head before {before}, after {after}; verify {verify}");
        foreach (var failure in failures.Take(30)) output.WriteLine(failure);

        byStatus.Keys.Where(s => s >= 500).ShouldBeEmpty("no hostile request may cause a 5xx");
        failures.ShouldBeEmpty($"{failures.Count} responses broke the contract (first: {failures.FirstOrDefault()})");
        after.ShouldBe(before, "no hostile request may write to the ledger");
        verify.GetProperty("intact").GetBoolean().ShouldBeTrue();
        byStatus.Values.Sum().ShouldBeGreaterThanOrEqualTo(count - transport.Count);
        harness.Api.UnhandledErrorsLogged.ShouldBe(0, harness.Api.Tail);
        (await harness.GetJsonAsync($"/api/conversations/{conversation.ConversationId}", keys["recorder"])).GetProperty("version").GetInt64()
            .ShouldBe(1L, "the conversation is as it was");
    }

    [Fact]
    public async Task Errors_are_problem_documents_whatever_the_accept_header_asks_for()
    {
        await using var harness = await ReliabilityHarness.StartAsync(await TestPostgres.CreateDatabaseAsync("accept"), connections: 4);
        var cases = new (string Path, string? Key)[]
        {
            ("/api/ledger/head", null),                                          // 401
            ("/api/ledger/head", "ldg_forged-key-0123456789"),                   // 401
            ("/api/ledger/events?limit=abc", ReliabilityHarness.AdminKey),       // 400
            ("/api/conversations/not-a-guid", ReliabilityHarness.AdminKey),      // 404
            ($"/api/conversations/{Guid.NewGuid()}", ReliabilityHarness.AdminKey), // 404
        };
        var seen = new List<string>();
        foreach (var accept in new[] { "application/xml", "text/html" })
        {
            foreach (var (path, key) in cases)
            {
                using var request = ReliabilityHarness.Request(HttpMethod.Get, path, key);
                request.Headers.TryAddWithoutValidation("Accept", accept);
                using var response = await harness.Http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                seen.Add($"Accept {accept}: GET {path} -> {(int)response.StatusCode} '{response.Content.Headers.ContentType?.MediaType}' {body[..Math.Min(body.Length, 80)]}");
            }
        }
        foreach (var line in seen) output.WriteLine(line);
        seen.ShouldAllBe(line => !line.Contains("-> 5", StringComparison.Ordinal) && line.Contains("'application/problem+json'", StringComparison.Ordinal));
    }

    /// <summary>
    /// Kestrel itself answers a path holding an encoded NUL (%00) with a bare 400 and closes the connection, before any
    /// middleware runs: the application cannot make that a problem document. Only that exact case is let through.
    /// </summary>
    private static bool KestrelRefusedNul(HostileRequest hostile, HttpResponseMessage response, string body) =>
        response.StatusCode == System.Net.HttpStatusCode.BadRequest && body.Length == 0 && response.Content.Headers.ContentType is null
        && hostile.Url.Split('?')[0].Contains("%00", StringComparison.Ordinal);

    /// <summary>Null when the response keeps the contract; otherwise what is wrong with it.</summary>
    private static string? Check(int status, string? mediaType, string body)
    {
        if (status >= 500) return $"{status} {body[..Math.Min(body.Length, 300)]}";
        if (status < 400) return null;
        if (mediaType != "application/problem+json") return $"{status} with content type '{mediaType}' instead of application/problem+json";
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number && s.GetInt32() == status
                ? null
                : $"{status} problem without a matching status: {body[..Math.Min(body.Length, 300)]}";
        }
        catch (JsonException)
        {
            return $"{status} problem body is not JSON: {body[..Math.Min(body.Length, 300)]}";
        }
    }

    /// <summary>
    /// Sends the request; if the connection it went out on had just been closed by the server (after an oversized or
    /// malformed request on the same keep-alive connection, Kestrel closes it), the POST is not retried by HttpClient,
    /// so send it once more on a fresh connection. A second transport failure is reported as such.
    /// </summary>
    private static async Task<HttpResponseMessage> SendAsync(ReliabilityHarness harness, HostileRequest hostile)
    {
        try
        {
            using var first = hostile.ToMessage();
            return await harness.Http.SendAsync(first);
        }
        catch (HttpRequestException) when (!hostile.Attack.Contains("oversized", StringComparison.Ordinal))
        {
            using var second = hostile.ToMessage();
            second.Headers.ConnectionClose = true;
            return await harness.Http.SendAsync(second);
        }
    }
}
