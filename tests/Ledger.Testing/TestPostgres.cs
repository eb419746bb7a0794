using Xunit;
using Ledger.EventStore.Embedded;
using Npgsql;

namespace Ledger.Testing;

/// <summary>
/// The real PostgreSQL server of this test run: a throwaway local cluster started once per test process from the
/// installed binaries, or the server named by LEDGER_TEST_CONNECTION (a superuser connection string).
/// Each test class gets a fresh database on it.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<Server>> Shared = new(StartAsync);

    /// <summary>The cluster when this run started one (null with LEDGER_TEST_CONNECTION); fault tests restart it.</summary>
    public static async Task<LocalPostgresCluster?> ClusterAsync() => (await Shared.Value).Cluster;

    /// <summary>Creates a new, empty database and returns a superuser connection string to it.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var server = await Shared.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(server.AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task<Server> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("LEDGER_TEST_CONNECTION") is { Length: > 0 } external)
            return new Server(null, external);

        RemoveClustersOfDeadRuns();
        var folder = Path.Combine(Path.GetTempPath(), $"ledger-test-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var cluster = await LocalPostgresCluster.StartAsync(folder, new LocalPostgresOptions { Durable = false, DeleteOnDispose = true, MaxConnections = 300 });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return new Server(cluster, cluster.ConnectionString);
    }

    /// <summary>
    /// The test host may be torn down before its exit handler has deleted the cluster's folder; the next run removes
    /// folders whose owning process (its id is in the name) is gone.
    /// </summary>
    private static void RemoveClustersOfDeadRuns()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "ledger-test-pg-*"))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length < 4 || !int.TryParse(parts[3], out var pid) || IsAlive(pid)) continue;
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { /* in use or already gone: leave it */ }
            catch (UnauthorizedAccessException) { /* not ours to delete */ }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private sealed record Server(LocalPostgresCluster? Cluster, string AdminConnectionString);
}

/// <summary>A fresh database for one test class (use as <c>IClassFixture&lt;DatabaseFixture&gt;</c>).</summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync() => ConnectionString = await TestPostgres.CreateDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
