using Ledger.Testing;
using Npgsql;

namespace Ledger.EventStore.Tests;

/// <summary>Each test gets its own schema (its own log) in the class's fresh database.</summary>
public abstract class StoreTestBase(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly List<EventStore> _stores = [];

    protected string ConnectionString => database.ConnectionString;
    protected string Schema { get; } = $"s_{Guid.NewGuid():N}"[..20];
    protected EventStore Store { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Store = await OpenStoreAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
    }

    protected async Task<EventStore> OpenStoreAsync(EventStoreOptions? options = null)
    {
        var store = await EventStore.OpenAsync(ConnectionString, (options ?? new EventStoreOptions()) with { Schema = Schema });
        _stores.Add(store);
        return store;
    }

    protected static EventData Event(string type = "thing-happened", string? json = null, Guid? id = null, string actor = "tester") =>
        EventData.FromJson(id ?? Guid.NewGuid(), type, json ?? $$"""{"n": {{Random.Shared.Next(1000)}}}""",
            new EventMetadata(actor, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), "corr-1", null));

    protected static string NewStream() => $"stream-{Guid.NewGuid():N}";

    protected async Task<long> CountEventsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {Schema}.events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs SQL as the superuser with the ledger's protections switched off, as a tamperer would.</summary>
    protected async Task TamperAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SET session_replication_role = replica; {sql.Replace("{s}", Schema, StringComparison.Ordinal)}", connection);
        await command.ExecuteNonQueryAsync();
    }

    protected async Task<List<StoredEvent>> AllAsync(EventStore? store = null)
    {
        var list = new List<StoredEvent>();
        await foreach (var e in (store ?? Store).ReadAllAsync()) list.Add(e);
        return list;
    }
}
