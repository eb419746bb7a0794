using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Testing;
using Microsoft.Playwright;

namespace Ledger.Dashboard.Tests.Harness;

/// <summary>
/// One API (real PostgreSQL, demo data) and one headless Chromium for the whole collection; each test opens its own
/// browser context (its own sessionStorage, so its own sign-in).
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium: Playwright cannot download its own browsers on these machines.</summary>
    public const string DefaultChromium = "/usr/bin/chromium";

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"ledger-dashboard-tests-{Guid.NewGuid():N}");
    private readonly Dictionary<string, string> _keys = [];
    private DashboardHost? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string AdminKey { get; } = $"ldg_dashboard_admin_{Guid.NewGuid():N}";

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>Screenshots of each view, kept as test artifacts: bin/&lt;configuration&gt;/net10.0/artifacts/screenshots/.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        // Fail loudly rather than skip: a dashboard suite that silently passes without a browser proves nothing.
        var chromium = Environment.GetEnvironmentVariable("LEDGER_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultChromium;
        if (!File.Exists(chromium))
            throw new InvalidOperationException(
                $"The dashboard tests drive Chromium at {chromium}, which does not exist. Install it with `apt-get install -y chromium` " +
                "(.ci/run does this when it is missing) or set LEDGER_CHROMIUM to a Chromium executable. `playwright install` cannot download browsers here.");

        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(ScreenshotFolder);
        foreach (var old in Directory.GetFiles(ScreenshotFolder, "*.png")) File.Delete(old); // this run's screenshots only
        var connectionString = await TestPostgres.CreateDatabaseAsync("dash");
        _host = new DashboardHost(connectionString, _root, AdminKey);
        var browserStart = StartBrowserAsync(chromium);
        BaseAddress = _host.Start();
        foreach (var role in new[] { "finance", "executive", "pilot", "auditor", "recorder" })
            _keys[role] = await CreateKeyAsync(role);
        _keys["admin"] = AdminKey;
        await RecordCrossDepartmentExchangeAsync();
        await browserStart;
    }

    /// <summary>
    /// The demo's conversations are all between staff and counterparts, so its map has no link between two
    /// departments: record one through the API (a recorder's chat between two colleagues) for the map to highlight.
    /// </summary>
    private async Task RecordCrossDepartmentExchangeAsync()
    {
        var map = (await GetJsonAsync("finance", "/api/reports/relationships")).GetProperty("map");
        var colleagues = map.GetProperty("nodes").EnumerateArray()
            .Where(n => n.GetProperty("type").GetString() == "internal")
            .DistinctBy(n => n.GetProperty("department").GetString())
            .Take(2)
            .Select(n => n.GetProperty("participantId").GetGuid())
            .ToList();
        colleagues.Count.ShouldBe(2, "the demo has staff in at least two departments");
        using var recorder = Client(Key("recorder"));
        var opened = await recorder.PostAsJsonAsync("/api/conversations", new { channel = "chat", participantIds = colleagues });
        opened.EnsureSuccessStatusCode();
        var conversation = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetGuid();
        var recorded = await recorder.PostAsJsonAsync($"/api/conversations/{conversation}/interactions", new
        {
            senderId = colleagues[0],
            receiverIds = new[] { colleagues[1] },
            occurredAt = DateTimeOffset.UtcNow,
            payload = new { kind = "informational", what = "answer", topic = "pricing" },
            source = new { system = "dashboard-tests", id = "cross-department-1" },
            contentHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("cross-department"u8)),
        });
        recorded.EnsureSuccessStatusCode();
    }

    private async Task StartBrowserAsync(string chromium)
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>The secret of this run's key for <paramref name="role"/>.</summary>
    public string Key(string role) => _keys[role];

    /// <summary>Creates a key through the API's own key endpoint, as an administrator would.</summary>
    public async Task<string> CreateKeyAsync(string role)
    {
        using var admin = Client(AdminKey);
        var response = await admin.PostAsJsonAsync("/api/keys", new { name = $"dashboard-test-{role}-{Guid.NewGuid():N}", role });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return created.GetProperty("secret").GetString()!;
    }

    /// <summary>A plain HTTP client presenting <paramref name="key"/>: the test's own view of the API.</summary>
    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>GET as <paramref name="role"/>, expecting success.</summary>
    public async Task<JsonElement> GetJsonAsync(string role, string path)
    {
        using var client = Client(Key(role));
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"GET {path} as {role}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A log file still held open: the folder is under the temp directory, leave it.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
