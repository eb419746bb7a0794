using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ledger.Testing;

namespace Ledger.Cli.Tests;

/// <summary>
/// A real API process on a fresh database, with its own temporary folder (TMPDIR), JSON log file and captured console,
/// so that tests can look for what it wrote anywhere. The CLI runs as another real process against it.
/// </summary>
public class RunningApi : IAsyncLifetime
{
    private readonly StringBuilder _console = new();
    private readonly bool _demo;

    public RunningApi()
        : this(demo: false)
    {
    }

    /// <param name="demo">Load the demo company at start (the README's run command does).</param>
    protected RunningApi(bool demo) => _demo = demo;
    private Process? _process;

    public string AdminKey { get; } = "ldg_cli_admin_" + Guid.NewGuid().ToString("N");

    public int Port { get; } = Processes.FreePort();

    public string ConnectionString { get; private set; } = "";

    public string TempDirectory { get; } = Directory.CreateTempSubdirectory("ledger-cli-api-tmp-").FullName;

    public string LogFile => Path.Combine(TempDirectory, "..", Path.GetFileName(TempDirectory) + ".log.json");

    /// <summary>LEDGER_URL and an admin LEDGER_API_KEY, plus a TMPDIR of the test's own for the CLI process.</summary>
    public Dictionary<string, string> Environment(string? key = null, string? cliTemp = null)
    {
        var env = new Dictionary<string, string> { ["LEDGER_URL"] = $"http://127.0.0.1:{Port}", ["LEDGER_API_KEY"] = key ?? AdminKey };
        if (cliTemp is not null) env["TMPDIR"] = cliTemp;
        return env;
    }

    public string Console
    {
        get
        {
            lock (_console) return _console.ToString();
        }
    }

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("cli");
        _process = Processes.StartApi(ConnectionString, Port, AdminKey, new Dictionary<string, string>
        {
            ["TMPDIR"] = TempDirectory,
            ["Ledger__LogFile"] = LogFile,
            ["Ledger__Demo"] = _demo ? "true" : "false",
        }, line =>
        {
            lock (_console) _console.AppendLine(line);
        });
        await Processes.WaitHealthyAsync(Port);
        if (_demo)
        {
            // The demo loads in the background after start: wait until it is in the log.
            for (var i = 0; i < 600 && await HeadAsync() == 0; i++) await Task.Delay(100);
        }
    }

    public async Task<string> KeyAsync(string role)
    {
        using var http = Client(AdminKey);
        var created = await (await http.PostAsJsonAsync("/api/keys", new { name = role, role })).Content.ReadFromJsonAsync<JsonElement>();
        return created.GetProperty("secret").GetString()!;
    }

    public async Task<long> HeadAsync()
    {
        using var http = Client(AdminKey);
        return (await http.GetFromJsonAsync<JsonElement>("/api/ledger/head")).GetProperty("position").GetInt64();
    }

    public HttpClient Client(string key)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    public virtual Task DisposeAsync()
    {
        _process?.Kill(entireProcessTree: true);
        _process?.Dispose();
        return Task.CompletedTask;
    }
}
