using Ledger.EventStore.Embedded;
using Npgsql;

namespace Ledger.EventStore.Tests;

public sealed class LocalPostgresClusterTests
{
    [Fact]
    public void Missing_binaries_give_one_message_naming_every_way_out()
    {
        var empty = Directory.CreateTempSubdirectory("ledger-no-pg-").FullName;
        var error = Should.Throw<PostgresNotFoundException>(() => PostgresBinaries.Locate([empty, "", "/nonexistent/bin"]));

        error.Message.ShouldContain("apt-get install -y postgresql");
        error.Message.ShouldContain("LEDGER_CONNECTION");
        error.Message.ShouldContain("docker compose up");
        error.Message.ShouldNotContain(Environment.NewLine);
        Directory.Delete(empty);
    }

    [Fact]
    public void The_installed_binaries_are_found()
    {
        var folder = PostgresBinaries.Locate();
        File.Exists(Path.Combine(folder, "initdb")).ShouldBeTrue();
        File.Exists(Path.Combine(folder, "pg_ctl")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_cluster_keeps_its_data_across_a_stop_and_a_start_on_the_same_folder_and_reuses_a_running_server()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"ledger-launcher-test-{Guid.NewGuid():N}");
        try
        {
            var first = await LocalPostgresCluster.StartAsync(folder, new LocalPostgresOptions { Durable = false });
            await ExecuteAsync(first.ConnectionString, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");

            // A second start on a running folder (a crashed API's server left behind) reuses it rather than failing.
            var again = await LocalPostgresCluster.StartAsync(folder, new LocalPostgresOptions { Durable = false });
            again.Port.ShouldBe(first.Port);

            await first.StopAsync();
            var restarted = await LocalPostgresCluster.StartAsync(folder, new LocalPostgresOptions { Durable = false, DeleteOnDispose = true });
            (await ScalarAsync(restarted.ConnectionString, "SELECT v FROM kept")).ShouldBe(42);
            await restarted.DisposeAsync();
            Directory.Exists(folder).ShouldBeFalse();
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
