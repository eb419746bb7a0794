using System.Net.Http.Json;
using System.Text.Json;

namespace Ledger.Cli.Commands;

/// <summary>
/// The CLI talks to a running Ledger API (the same one the README's run command starts): <c>--url</c> or
/// <c>LEDGER_URL</c> (default http://127.0.0.1:5080) and <c>--api-key</c> or <c>LEDGER_API_KEY</c>.
/// </summary>
internal sealed class LedgerApi(Uri baseAddress, string? apiKey) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(10) };

    public async Task<JsonDocument> GetAsync(string path, CancellationToken cancellationToken) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public async Task<JsonDocument> PostAsync(string path, object? body, CancellationToken cancellationToken) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) }, cancellationToken);

    /// <summary>Posts a body as is (e.g. JSON Lines), answering the response's JSON.</summary>
    public Task<JsonDocument> PostContentAsync(string path, HttpContent content, CancellationToken cancellationToken) =>
        PostContentAsync(path, content, null, cancellationToken);

    public async Task<JsonDocument> PostContentAsync(string path, HttpContent content, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.Add(name, value);
        return await SendAsync(request, cancellationToken);
    }

    private async Task<JsonDocument> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (apiKey is { Length: > 0 }) request.Headers.Add("X-Api-Key", apiKey);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException($"cannot reach the Ledger API at {_http.BaseAddress} ({ex.Message}); start it with 'dotnet run --project src/Ledger.Api' or pass --url");
        }
        if (response.IsSuccessStatusCode) return response;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        response.Dispose();
        throw new CliException($"{(int)response.StatusCode} {Problem(body)}") { StatusCode = (int)response.StatusCode };
    }

    /// <summary>The problem detail's "detail" (or title) on one line, with its first field errors.</summary>
    private static string Problem(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : root.TryGetProperty("title", out var t) ? t.GetString() : body;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                var fields = errors.EnumerateObject().Take(3).Select(f => $"{f.Name}: {string.Join(" ", f.Value.EnumerateArray().Select(v => v.GetString()))}").ToList();
                if (fields.Count > 0 && !(detail ?? "").Contains(fields[0], StringComparison.Ordinal)) detail = $"{detail} ({string.Join("; ", fields)})";
            }
            return (detail ?? body).ReplaceLineEndings(" ");
        }
        catch (JsonException)
        {
            return body.ReplaceLineEndings(" ");
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A failure the CLI reports as one line on stderr with exit code 1.</summary>
internal sealed class CliException(string message) : Exception(message)
{
    /// <summary>The API's status when the failure is an API answer; null otherwise.</summary>
    public int? StatusCode { get; init; }
}
