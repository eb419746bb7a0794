using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Ledger.EventStore.Embedded;

/// <summary>
/// A PostgreSQL cluster in a folder, started from the installed server binaries on a free loopback port.
/// Used by the tests (one throwaway cluster per run) and by the API when no connection string is configured.
/// When the current user is root the server runs as the <c>postgres</c> user, since PostgreSQL refuses root.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    private readonly string _binDir;
    private readonly bool _deleteOnDispose;
    private bool _stopped;

    private LocalPostgresCluster(string binDir, string dataDirectory, int port, bool deleteOnDispose)
    {
        _binDir = binDir;
        DataDirectory = dataDirectory;
        Port = port;
        _deleteOnDispose = deleteOnDispose;
    }

    public string DataDirectory { get; }
    public int Port { get; }

    /// <summary>Connection string of the superuser on the <c>postgres</c> database.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
        }.ConnectionString;

    /// <summary>
    /// Creates the cluster in <paramref name="dataDirectory"/> if it holds none, then starts it (or reuses a server
    /// already running on that folder, e.g. one left behind by a killed process).
    /// </summary>
    public static async Task<LocalPostgresCluster> StartAsync(
        string dataDirectory, LocalPostgresOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalPostgresOptions();
        var binDir = PostgresBinaries.Locate();
        dataDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        GiveToServerUser(dataDirectory);

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await RunAsync(binDir, "initdb",
                ["-D", dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                cancellationToken);
        }

        if (RunningPort(dataDirectory) is { } runningPort && await AcceptsConnectionsAsync(runningPort, cancellationToken))
            return new LocalPostgresCluster(binDir, dataDirectory, runningPort, options.DeleteOnDispose);

        var port = options.Port ?? FreeLoopbackPort();
        var settings = new List<string>
        {
            $"-p {port}",
            "-c listen_addresses=127.0.0.1",
            "-c unix_socket_directories=''",
            $"-c max_connections={options.MaxConnections}",
        };
        if (!options.Durable)
        {
            // Throwaway test clusters trade crash safety of the *server* for speed; the API's data never uses this.
            settings.Add("-c fsync=off");
            settings.Add("-c full_page_writes=off");
            settings.Add("-c synchronous_commit=off");
        }
        await RunAsync(binDir, "pg_ctl",
            ["-D", dataDirectory, "-l", Path.Combine(dataDirectory, "server.log"), "-w", "-t", "60",
             "-o", string.Join(' ', settings), "start"],
            cancellationToken);

        var cluster = new LocalPostgresCluster(binDir, dataDirectory, port, options.DeleteOnDispose);
        if (!await AcceptsConnectionsAsync(port, cancellationToken))
            throw new InvalidOperationException($"PostgreSQL started in {dataDirectory} but does not accept connections on port {port}; see server.log there.");
        return cluster;
    }

    /// <summary>
    /// Restarts the server on the same port (used by fault-injection tests). <paramref name="crash"/> stops it as a
    /// crash would (<c>-m immediate</c>: no shutdown checkpoint, WAL replay on start, asynchronous commits not yet
    /// flushed are lost); otherwise it shuts down cleanly (<c>-m fast</c>).
    /// </summary>
    public Task RestartAsync(bool crash = false, CancellationToken cancellationToken = default) =>
        RunAsync(_binDir, "pg_ctl", ["-D", DataDirectory, "-w", "-t", "60", "-m", crash ? "immediate" : "fast", "restart"], cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopped) return;
        _stopped = true;
        await RunAsync(_binDir, "pg_ctl", ["-D", DataDirectory, "-w", "-t", "60", "-m", "fast", "stop"], cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        if (_deleteOnDispose)
        {
            try { Directory.Delete(DataDirectory, recursive: true); }
            catch (IOException) { /* best effort: a temp folder left behind is harmless */ }
        }
    }

    private static int? RunningPort(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)) return null;
        try
        {
            // Line 4 of postmaster.pid is the port (documented in PostgreSQL's pidfile.h).
            var lines = File.ReadAllLines(pidFile);
            return lines.Length > 3 && int.TryParse(lines[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) ? port : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres", Pooling = false, Timeout = 5,
        }.ConnectionString;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                return true;
            }
            catch (NpgsqlException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
        return false;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>runuser lives in sbin, which a trimmed PATH may not contain.</summary>
    private static string RunUser =>
        new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser" }.FirstOrDefault(File.Exists) ?? "runuser";

    private static void GiveToServerUser(string dataDirectory)
    {
        if (!IsRoot) return;
        RunSync("chown", ["-R", "postgres:postgres", dataDirectory]);
        RunSync("chmod", ["700", dataDirectory]);
    }

    private static async Task RunAsync(string binDir, string tool, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var executable = Path.Combine(binDir, tool);
        var startInfo = IsRoot
            ? new ProcessStartInfo(RunUser) { ArgumentList = { "-u", "postgres", "--", executable } }
            : new ProcessStartInfo(executable);
        foreach (var arg in args) startInfo.ArgumentList.Add(arg);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.UseShellExecute = false;
        // A server started by pg_ctl must not inherit our stdout, or the caller's pipe never closes.
        startInfo.RedirectStandardInput = true;

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} failed with exit code {process.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}");
    }

    private static void RunSync(string file, IReadOnlyList<string> args)
    {
        var startInfo = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var arg in args) startInfo.ArgumentList.Add(arg);
        using var process = Process.Start(startInfo)!;
        process.WaitForExit();
    }
}

/// <summary>How a <see cref="LocalPostgresCluster"/> is started.</summary>
public sealed record LocalPostgresOptions
{
    /// <summary>A fixed port; by default a free loopback port is chosen at each start.</summary>
    public int? Port { get; init; }

    /// <summary>fsync and synchronous commit on (the default). Test clusters turn it off for speed.</summary>
    public bool Durable { get; init; } = true;

    public int MaxConnections { get; init; } = 200;

    /// <summary>Delete the data folder when the cluster is disposed (throwaway test clusters).</summary>
    public bool DeleteOnDispose { get; init; }
}
