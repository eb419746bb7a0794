using Ledger.Testing;
using Npgsql;

namespace Ledger.EventStore.Tests;

public sealed class SchemaTests(DatabaseFixture database) : StoreTestBase(database)
{
    [Fact]
    public async Task Several_processes_initialising_the_schema_at_once_all_succeed_and_apply_it_once()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        // Separate data sources without pooling = separate PostgreSQL sessions, as separate processes would have.
        var starts = Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            EventStore.OpenAsync(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString))).ToList();
        var stores = await Task.WhenAll(starts);

        foreach (var store in stores)
            (await store.SchemaVersionAsync()).ShouldBe(EventStore.LatestSchemaVersion);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM ledger.schema_version", connection);
            ((long)(await command.ExecuteScalarAsync())!).ShouldBe(EventStore.LatestSchemaVersion);
        }
        await stores[0].AppendAsync(NewStream(), ExpectedVersion.Any, [Event()]);
        (await stores[5].VerifyAsync()).VerifiedUpTo.ShouldBe(1);
        foreach (var store in stores) await store.DisposeAsync();
    }

    [Fact]
    public async Task Reopening_an_existing_store_keeps_its_log()
    {
        await Store.AppendAsync(NewStream(), ExpectedVersion.Any, [Event()]);
        var again = await OpenStoreAsync();
        (await again.ReadHeadAsync()).Position.ShouldBe(1);
        (await again.SchemaVersionAsync()).ShouldBe(EventStore.LatestSchemaVersion);
    }
}
