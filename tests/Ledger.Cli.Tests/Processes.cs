using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ledger.Cli.Tests;

/// <summary>Runs the built CLI and API as real processes (the CLI talks HTTP to a real API on loopback).</summary>
internal static class Processes
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> LedgerAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ledger.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("LEDGER_API_KEY");
        start.Environment.Remove("LEDGER_URL");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the CLI without waiting for it (to interrupt it).</summary>
    public static Process StartLedger(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ledger.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"ledger: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static Process StartApi(string connectionString, int port, string adminKey, IReadOnlyDictionary<string, string>? environment = null, Action<string>? console = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Ledger.Api.dll"));
        start.Environment["LEDGER_CONNECTION"] = connectionString;
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Ledger__BootstrapAdminKey"] = adminKey;
        start.Environment["Ledger__DataDirectory"] = Directory.CreateTempSubdirectory("ledger-cli-test-").FullName;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) console?.Invoke(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) console?.Invoke(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitHealthyAsync(int port)
    {
        using var http = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The API did not start.");
    }
}
