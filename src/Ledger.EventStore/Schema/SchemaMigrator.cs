using Npgsql;

namespace Ledger.EventStore.Schema;

/// <summary>
/// Creates and migrates the store's schema at start-up. Safe when several processes start at once: every migrator
/// first takes a transaction-scoped advisory lock keyed on the schema name, so one applies and the others then see
/// the migrations as done.
/// </summary>
internal static class SchemaMigrator
{
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue($"ledger-schema:{schema}");
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await Execute(connection, transaction, $"""
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {schema}.schema_version (
                version     integer     NOT NULL PRIMARY KEY,
                description text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            );
            """, cancellationToken);

        int current;
        await using (var versionCommand = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {schema}.schema_version", connection, transaction))
            current = (int)(await versionCommand.ExecuteScalarAsync(cancellationToken))!;

        foreach (var (version, description, sql) in Migrations.All.Where(m => m.Version > current))
        {
            await Execute(connection, transaction, sql.Replace("{s}", schema, StringComparison.Ordinal), cancellationToken);
            await using var record = new NpgsqlCommand($"INSERT INTO {schema}.schema_version (version, description) VALUES ($1, $2)", connection, transaction);
            record.Parameters.AddWithValue(version);
            record.Parameters.AddWithValue(description);
            await record.ExecuteNonQueryAsync(cancellationToken);
            current = version;
        }

        await transaction.CommitAsync(cancellationToken);
        return current;
    }

    public static async Task<int> CurrentVersionAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT coalesce(max(version), 0) FROM {schema}.schema_version");
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
