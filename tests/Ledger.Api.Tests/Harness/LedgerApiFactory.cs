using System.Collections.Concurrent;
using Ledger.Api.Security;
using Ledger.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ledger.Api.Tests.Harness;

/// <summary>
/// The real API host on a fresh PostgreSQL database, one per test class (<c>IClassFixture&lt;LedgerApiFactory&gt;</c>).
/// Its digest key and its JSON log file live in a temporary folder; a known bootstrap admin key creates one key per
/// role on demand.
/// </summary>
public class LedgerApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"ledger-api-tests-{Guid.NewGuid():N}");
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _keys = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<HttpClient>>> _clients = new();

    public string AdminKey { get; } = $"ldg_test_admin_{Guid.NewGuid():N}";

    public string ConnectionString { get; private set; } = "";

    public string DataDirectory => Path.Combine(_root, "data");

    public string LogFile => Path.Combine(_root, "ledger.log.json");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        ConnectionString = await TestPostgres.CreateDatabaseAsync("api");
        // Builds and starts the host now: the schema is migrated and the bootstrap admin key exists before any test.
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Ledger", ConnectionString);
        builder.UseSetting("Ledger:DataDirectory", DataDirectory);
        builder.UseSetting("Ledger:BootstrapAdminKey", AdminKey);
        builder.UseSetting("Ledger:LogFile", LogFile);
        builder.UseSetting("Ledger:Demo", "false");
    }

    /// <summary>A client that presents no API key.</summary>
    public HttpClient Anonymous() => CreateClient();

    /// <summary>A client that presents <paramref name="key"/> as <c>X-Api-Key</c>.</summary>
    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>A client holding a key of <paramref name="role"/> (created once per host through <c>POST /api/keys</c>).</summary>
    public Task<HttpClient> ClientAsync(string role) =>
        _clients.GetOrAdd(role, r => new Lazy<Task<HttpClient>>(async () => WithKey(await KeyAsync(r)))).Value;

    /// <summary>The secret of this host's key for <paramref name="role"/> (created once through <c>POST /api/keys</c>).</summary>
    public Task<string> KeyAsync(string role) =>
        role == Roles.Admin
            ? Task.FromResult(AdminKey)
            : _keys.GetOrAdd(role, r => new Lazy<Task<string>>(async () => (await CreateKeyAsync(r, $"test-{r}")).Secret)).Value;

    public Task<HttpClient> RecorderAsync() => ClientAsync(Roles.Recorder);

    public Task<HttpClient> AuditorAsync() => ClientAsync(Roles.Auditor);

    public Task<HttpClient> FinanceAsync() => ClientAsync(Roles.Finance);

    public Task<HttpClient> ExecutiveAsync() => ClientAsync(Roles.Executive);

    public async Task<(Guid KeyId, string Secret)> CreateKeyAsync(string role, string name)
    {
        var admin = await ClientAsync(Roles.Admin);
        var created = await (await admin.PostJsonAsync("/api/keys", new { name, role })).ShouldBeAsync(201);
        return (created.GetProperty("keyId").GetGuid(), created.GetProperty("secret").GetString()!);
    }

    /// <summary>A key of <paramref name="role"/> that has been revoked.</summary>
    public async Task<string> RevokedKeyAsync(string role)
    {
        var (keyId, secret) = await CreateKeyAsync(role, $"revoked-{role}");
        var admin = await ClientAsync(Roles.Admin);
        await (await admin.PostJsonAsync($"/api/keys/{keyId}/revoke", null)).ShouldBeAsync(204);
        return secret;
    }

    /// <summary>What the host has written to its JSON log file so far (read while Serilog still holds it open).</summary>
    public async Task<string> ReadLogAsync()
    {
        if (!File.Exists(LogFile)) return "";
        await using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        try
        {
            await DisposeAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open: the folder is in the temp directory, leave it.
            }
        }
    }
}

/// <summary>The same host on Kestrel, for what only a real server enforces (the request body size limit).</summary>
public sealed class KestrelLedgerApiFactory : LedgerApiFactory
{
    public KestrelLedgerApiFactory() => UseKestrel(0);
}
