using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ledger.Reliability.Harness;

/// <summary>
/// The real API as a child process (<c>dotnet Ledger.Api.dll</c>) on a loopback port, so that a test can kill it with
/// SIGKILL exactly as an operator's crash would. Keeps the tail of its console output for failure messages.
/// </summary>
public sealed class ApiProcess : IDisposable
{
    private const int KeptLines = 300;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();
    private int _unhandledErrors;

    private ApiProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>"Unhandled error" lines the API logged: each is a 500 it answered (ProblemHandling logs them).</summary>
    public int UnhandledErrorsLogged => Volatile.Read(ref _unhandledErrors);

    /// <summary>The process's current working set in bytes.</summary>
    public long WorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    public string Tail => string.Join(Environment.NewLine, _tail);

    public static ApiProcess Start(string connectionString, int port, string adminKey, string dataDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Ledger.Api.dll"));
        foreach (var inherited in new[] { "LEDGER_CONNECTION", "LEDGER_BOOTSTRAP_ADMIN_KEY", "ConnectionStrings__Ledger", "ASPNETCORE_URLS" })
            start.Environment.Remove(inherited);
        start.Environment["LEDGER_CONNECTION"] = connectionString;
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Ledger__BootstrapAdminKey"] = adminKey;
        start.Environment["Ledger__DataDirectory"] = dataDirectory;
        // One information line per request would cost more CPU than the requests on a two-core machine; warnings and
        // errors (every 500 is logged as an error) are kept.
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        return new ApiProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start the API."));
    }

    /// <summary>kill -9 of the whole process tree: no shutdown hook, no flush, no graceful drain.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        if (line.Contains("Unhandled error", StringComparison.Ordinal)) Interlocked.Increment(ref _unhandledErrors);
        _tail.Enqueue(line);
        while (_tail.Count > KeptLines) _tail.TryDequeue(out _);
    }
}
