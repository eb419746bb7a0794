using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Ledger.Api.Tests.Harness;

/// <summary>Small HTTP helpers: JSON bodies, optional Idempotency-Key and If-Match, and response assertions.</summary>
public static class Http
{
    public const string ProblemJson = "application/problem+json";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public static StringContent JsonBody(object? body) =>
        new(JsonSerializer.Serialize(body ?? new { }, Json), Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostJsonAsync(
        this HttpClient client, string path, object? body, string? idempotencyKey = null, string? ifMatch = null) =>
        client.PostRawAsync(path, JsonBody(body), idempotencyKey, ifMatch);

    public static Task<HttpResponseMessage> PostRawAsync(
        this HttpClient client, string path, HttpContent content, string? idempotencyKey = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts the status (showing the body when it differs) and returns the JSON body, if any.</summary>
    public static async Task<JsonElement> ShouldBeAsync(this HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered: {text}");
        if (text.Length == 0) return default;
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem: the status, <c>application/problem+json</c>, and a matching <c>status</c> member.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, int status)
    {
        var problem = await response.ShouldBeAsync(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe(ProblemJson);
        problem.ValueKind.ShouldBe(JsonValueKind.Object);
        problem.GetProperty("status").GetInt32().ShouldBe(status);
        return problem;
    }

    /// <summary>The field errors of a validation problem (400 with <c>errors</c>).</summary>
    public static async Task<IReadOnlyDictionary<string, string[]>> ShouldBeValidationProblemAsync(this HttpResponseMessage response)
    {
        var problem = await response.ShouldBeProblemAsync(400);
        problem.TryGetProperty("errors", out var errors).ShouldBeTrue($"no errors in {problem}");
        var fields = errors.EnumerateObject().ToDictionary(
            p => p.Name, p => p.Value.EnumerateArray().Select(m => m.GetString() ?? "").ToArray(), StringComparer.Ordinal);
        fields.ShouldNotBeEmpty();
        return fields;
    }

    public static string? ETag(this HttpResponseMessage response) => response.Headers.ETag?.ToString();

    public static MediaTypeHeaderValue? ContentType(this HttpResponseMessage response) => response.Content.Headers.ContentType;
}
