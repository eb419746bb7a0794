using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;

namespace Ledger.Bench.Scenarios;

/// <summary>
/// (h) 16 HTTP clients recording single interactions against the running API (a separate process, over loopback,
/// keep-alive connections), against r2: one INSERT per commit on 16 connections. The API process, the clients and
/// PostgreSQL share the machine's cores. Every call must answer 201; latency is per HTTP call.
/// <para>
/// The API process is started fresh for each repeat, so the timed window follows <see cref="ApiWarmUp"/> of the same
/// load: a server answers from compiled, optimised code after its first seconds, and those seconds measure the JIT
/// (5 s runs measured about 5,000/s where the same runs after the warm-up measured about 7,300/s). Bodies are sent as
/// bytes with a Content-Length, as curl or a browser's fetch send JSON, not as a chunked stream.
/// </para>
/// </summary>
internal sealed class HttpRecording : Scenario
{
    internal const int Clients = 16;
    internal static readonly TimeSpan ApiWarmUp = TimeSpan.FromSeconds(5);
    private readonly ConcurrentWriters _rawTwin = new();

    public override char Key => 'h';
    public override string Title => "(h) 16 HTTP clients, 1 interaction/POST";
    public override string Baseline => "r2: 1 INSERT per commit, 16 connections";
    public override Target Target => Target.Ratio(1.0);

    public override Task<RunResult> RunRawAsync(BenchContext context, int repeat, CancellationToken cancellationToken) =>
        _rawTwin.RunRawAsync(context, repeat, cancellationToken);

    public override async Task<RunResult> RunStoreAsync(BenchContext context, int repeat, CancellationToken cancellationToken)
    {
        var database = string.Create(CultureInfo.InvariantCulture, $"bench_h_{repeat}_{Environment.ProcessId}");
        await ExecuteAsync(context, $"CREATE DATABASE {database}", cancellationToken);
        var port = FreePort();
        var adminKey = "ldg_bench_admin_" + Guid.NewGuid().ToString("N");
        using var api = StartApi(context, database, port, adminKey);
        try
        {
            using var http = Client(port);
            await WaitHealthyAsync(http, api, cancellationToken);
            var recorder = await CreateKeyAsync(http, adminKey, cancellationToken);
            http.DefaultRequestHeaders.Add("X-Api-Key", recorder);
            var conversations = new (Guid Conversation, Guid Staff, Guid Customer)[Clients];
            for (var c = 0; c < Clients; c++)
            {
                var staff = await PostIdAsync(http, "/api/participants", new { type = "internal", department = "sales", country = "DE" }, "participantId", cancellationToken);
                var customer = await PostIdAsync(http, "/api/participants", new { type = "external", externalRole = "customer", organisationId = "acme" }, "participantId", cancellationToken);
                var conversation = await PostIdAsync(http, "/api/conversations", new { channel = "email", participantIds = new[] { staff, customer } }, "conversationId", cancellationToken);
                conversations[c] = (conversation, staff, customer);
            }
            await context.SettleAsync(cancellationToken);
            return await RecordAsync(context, http, conversations, cancellationToken);
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync(cancellationToken);
            await ExecuteAsync(context, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", cancellationToken);
        }
    }

    private static readonly System.Net.Http.Headers.MediaTypeHeaderValue Json = new("application/json");
    private static readonly string ContentHash = new('a', 64);

    /// <summary>
    /// The timed load of (h) and (g): each client posts interactions from the customer to the staff member of its own
    /// conversation, after <see cref="ApiWarmUp"/> of the same load.
    /// </summary>
    internal static Task<RunResult> RecordAsync(BenchContext context, HttpClient http, (Guid Conversation, Guid Staff, Guid Customer)[] conversations, CancellationToken cancellationToken) =>
        TimedLoop.RunAsync(Clients, context.Options.Duration, async (w, call) =>
        {
            var (conversation, staff, customer) = conversations[w];
            await PostInteractionAsync(http, conversation, customer, staff, string.Create(CultureInfo.InvariantCulture, $"{w}-{call}"), 100 + call % 900, cancellationToken);
            return 1;
        }, ApiWarmUp);

    /// <summary>One interaction as (h) and (g) post it: a monetary transaction from sender to receiver, 201 expected.</summary>
    private static async Task PostInteractionAsync(HttpClient http, Guid conversation, Guid sender, Guid receiver, string sourceId, long amount, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            senderId = sender,
            receiverIds = new[] { receiver },
            occurredAt = DateTimeOffset.UtcNow,
            contentHash = ContentHash,
            source = new { system = "bench", id = sourceId },
            payload = new { kind = "monetary", amount, currency = "EUR", direction = "revenue" },
        });
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await http.PostAsync($"/api/conversations/{conversation}/interactions", content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"The API answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    /// <summary>The HTTP client of (h) and (g): one keep-alive connection per client.</summary>
    internal static HttpClient Client(int port) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = Clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        };

    internal static Process StartApi(BenchContext context, string database, int port, string adminKey)
    {
        var dll = ApiAssembly();
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { dll }, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["LEDGER_CONNECTION"] = new NpgsqlConnectionStringBuilder(context.ConnectionString) { Database = database }.ConnectionString;
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Ledger__BootstrapAdminKey"] = adminKey;
        start.Environment["Ledger__DataDirectory"] = Path.Combine(Path.GetTempPath(), $"ledger-bench-api-{Guid.NewGuid():N}");
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        start.Environment["DOTNET_gcServer"] = "1";
        // Pass Ledger settings through (e.g. Ledger__Projections__Enabled=false to measure the write path alone).
        foreach (var (key, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                     .Select(e => ((string)e.Key, (string?)e.Value)).Where(e => e.Item1.StartsWith("Ledger__", StringComparison.Ordinal)))
            start.Environment[key] = value;
        return StartServer(start, "api");
    }

    /// <summary>Starts a server process whose standard error is shown prefixed (and standard output dropped).</summary>
    internal static Process StartServer(ProcessStartInfo start, string prefix)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the {prefix} process.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  {prefix}: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The Release build of Ledger.Api next to this repository's bench (built on demand).</summary>
    private static string ApiAssembly()
    {
        var root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "Ledger.sln"))) root = Path.GetDirectoryName(root);
        if (root is null) throw new InvalidOperationException("Run the benchmark from the repository (Ledger.sln not found above it).");
        var output = Path.Combine(root, "src", "Ledger.Api", "bin", "Release", "net10.0");
        using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", "-c", "Release", "--nologo", "-v", "q", Path.Combine(root, "src", "Ledger.Api")]) { UseShellExecute = false })!;
        build.WaitForExit();
        if (build.ExitCode != 0) throw new InvalidOperationException("Building src/Ledger.Api failed.");
        return Path.Combine(output, "Ledger.Api.dll");
    }

    internal static async Task WaitHealthyAsync(HttpClient http, Process api, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 600; i++)
        {
            if (api.HasExited) throw new InvalidOperationException($"The API exited with code {api.ExitCode} before it was ready.");
            try
            {
                using var response = await http.GetAsync("/health", cancellationToken);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException("The API did not become healthy within 60 s.");
    }

    private static async Task<string> CreateKeyAsync(HttpClient http, string adminKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/keys") { Content = JsonContent.Create(new { name = "bench", role = "recorder" }) };
        request.Headers.Add("X-Api-Key", adminKey);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.GetProperty("secret").GetString()!;
    }

    private static async Task<Guid> PostIdAsync(HttpClient http, string path, object body, string idProperty, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty(idProperty).GetGuid();
    }

    internal static async Task ExecuteAsync(BenchContext context, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(context.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
