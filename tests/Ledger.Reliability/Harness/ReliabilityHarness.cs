using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Reliability.Harness;

/// <summary>
/// One API process on one database and one fixed port: start, kill -9, restart on the same port, and HTTP helpers that
/// retry what a careful client retries (503, 409 "in progress", connection refused) until a deadline.
/// </summary>
public sealed class ReliabilityHarness : IAsyncDisposable
{
    public const string AdminKey = "ldg_reliability-admin-key-0123456789abcdef";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("ledger-reliability-").FullName;
    private ApiProcess? _api;

    private ReliabilityHarness(string connectionString, int port, int connections)
    {
        ConnectionString = connectionString;
        Port = port;
        Http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public string ConnectionString { get; }
    public int Port { get; }

    /// <summary>Keep-alive client to the API (one pool shared by all simulated clients).</summary>
    public HttpClient Http { get; }

    public ApiProcess Api => _api ?? throw new InvalidOperationException("The API is not running.");

    public static async Task<ReliabilityHarness> StartAsync(string connectionString, int connections = 32)
    {
        var harness = new ReliabilityHarness(connectionString, FreePort(), connections);
        try
        {
            await harness.StartApiAsync();
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the API (again) on the same database, port and data folder, and waits until /health is 200.</summary>
    public async Task StartApiAsync()
    {
        _api?.Dispose();
        _api = ApiProcess.Start(ConnectionString, Port, AdminKey, _dataDirectory);
        await WaitHealthyAsync(TimeSpan.FromSeconds(60));
    }

    public void KillApi() => Api.Kill();

    /// <summary>Awaits <paramref name="run"/>, failing at once (with the API's last output) if the API process dies meanwhile.</summary>
    public async Task WhileApiRunsAsync(Task run)
    {
        var api = Api;
        while (!run.IsCompleted)
        {
            if (api.HasExited)
                throw new InvalidOperationException($"The API process {api.Id} exited during the run:{Environment.NewLine}{api.Tail}");
            await Task.WhenAny(run, Task.Delay(250));
        }
        await run;
    }

    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_api is { HasExited: true })
                throw new InvalidOperationException($"The API exited during start-up:{Environment.NewLine}{_api.Tail}");
            try
            {
                using var response = await Http.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // busy machine
            }
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"The API did not become healthy within {timeout}:{Environment.NewLine}{_api?.Tail}");
            await Task.Delay(100);
        }
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? apiKey, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (apiKey is not null) request.Headers.TryAddWithoutValidation("X-Api-Key", apiKey);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    /// <summary>Sends until the API answers something other than 503 / 409-in-progress / no connection; returns status and body.</summary>
    public async Task<(HttpStatusCode Status, string Body, HttpResponseHeaders Headers)> SendAsync(
        Func<HttpRequestMessage> create, TimeSpan? patience = null)
    {
        var until = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                using var request = create();
                using var response = await Http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var retriable = response.StatusCode == HttpStatusCode.ServiceUnavailable
                                || (response.StatusCode == HttpStatusCode.Conflict && ProblemCode(body) == "idempotency_in_progress");
                if (!retriable || DateTime.UtcNow > until) return (response.StatusCode, body, response.Headers);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && DateTime.UtcNow < until)
            {
                // refused or reset: the API is restarting
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Sends with retries and requires <paramref name="expected"/>; returns the JSON body.</summary>
    public async Task<JsonElement> SendJsonAsync(HttpMethod method, string path, string apiKey, JsonNode? body, HttpStatusCode expected)
    {
        var json = body?.ToJsonString();
        var (status, text, _) = await SendAsync(() => Request(method, path, apiKey, json));
        if (status != expected)
            throw new InvalidOperationException($"{method} {path} answered {(int)status}, expected {(int)expected}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> GetJsonAsync(string path, string apiKey = AdminKey) =>
        SendJsonAsync(HttpMethod.Get, path, apiKey, null, HttpStatusCode.OK);

    public async Task<string> CreateKeyAsync(string role)
    {
        var created = await SendJsonAsync(HttpMethod.Post, "/api/keys", AdminKey,
            new JsonObject { ["name"] = $"reliability-{role}-{Guid.NewGuid():N}", ["role"] = role }, HttpStatusCode.Created);
        return created.GetProperty("secret").GetString()!;
    }

    /// <summary>Registers an internal (sales) and an external (customer) participant and opens an email conversation between them.</summary>
    public async Task<Conversation> OpenConversationAsync(string recorderKey)
    {
        var staff = await SendJsonAsync(HttpMethod.Post, "/api/participants", recorderKey,
            new JsonObject { ["type"] = "internal", ["department"] = "sales" }, HttpStatusCode.Created);
        var customer = await SendJsonAsync(HttpMethod.Post, "/api/participants", recorderKey,
            new JsonObject { ["type"] = "external", ["externalRole"] = "customer" }, HttpStatusCode.Created);
        var staffId = staff.GetProperty("participantId").GetGuid();
        var customerId = customer.GetProperty("participantId").GetGuid();
        var conversation = await SendJsonAsync(HttpMethod.Post, "/api/conversations", recorderKey,
            new JsonObject { ["channel"] = "email", ["participantIds"] = new JsonArray(staffId, customerId) }, HttpStatusCode.Created);
        return new Conversation(conversation.GetProperty("conversationId").GetGuid(), staffId, customerId);
    }

    public async Task<(long Position, string Hash)> HeadAsync()
    {
        var head = await GetJsonAsync("/api/ledger/head");
        return (head.GetProperty("position").GetInt64(), head.GetProperty("hash").GetString()!);
    }

    public Task<JsonElement> VerifyAsync() => GetJsonAsync("/api/ledger/verify");

    public static string? ProblemCode(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("code", out var code)
                ? code.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _api?.Dispose();
        Http.Dispose();
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (IOException) { /* best effort */ }
        await Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record Conversation(Guid ConversationId, Guid StaffId, Guid CustomerId);
