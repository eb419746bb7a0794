using Ledger.Projections.Daemon;
using Ledger.Projections.Transactions;
using Ledger.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ledger.Projections.Tests.Daemon;

/// <summary>A fresh database per test (the read-model schema is per database), a store and a history writer.</summary>
public abstract class ProjectionTestBase : IAsyncLifetime
{
    protected string ConnectionString { get; private set; } = "";
    protected EventStore.EventStore Store { get; private set; } = null!;
    internal History History { get; private set; } = null!;
    private readonly List<IAsyncDisposable> _disposables = [];

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("proj");
        Store = await EventStore.EventStore.OpenAsync(ConnectionString);
        History = new History(Store);
        await History.RegisterPeopleAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_disposables)) await d.DisposeAsync();
        await Store.DisposeAsync();
    }

    protected async Task<ProjectionDaemon> StartDaemonAsync(params IProjection[] projections)
    {
        var daemon = new ProjectionDaemon(Store, projections.Length == 0 ? [new TransactionsProjection()] : projections, NullLoggerFactory.Instance);
        _disposables.Add(daemon);
        await daemon.StartAsync(CancellationToken.None);
        return daemon;
    }

    /// <summary>Creates the read-model schema, for tests that run a <see cref="ProjectionRunner"/> of their own.</summary>
    protected async Task EnsureSchemaAsync()
    {
        var daemon = new ProjectionDaemon(Store, [], NullLoggerFactory.Instance);
        await daemon.StartAsync(CancellationToken.None);
        await daemon.DisposeAsync();
    }

    /// <summary>Every fact row of a table set, as comparable text, in position order.</summary>
    protected async Task<List<string>> FactsAsync(string tableSet)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT position, seq, sign, interaction_id, kind, subtype, amount, channel, department, counterpart_id FROM {TransactionsProjection.Table(tableSet, "facts")} ORDER BY position, seq",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    protected static async Task<T> Eventually<T>(Func<Task<T>> probe, Func<T, bool> done, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(50);
        }
    }
}
