using Npgsql;

namespace Ledger.Projections.Daemon;

/// <summary>The daemon's own tables: one checkpoint (and failure record) per table set, and which set serves reports.</summary>
internal static class ProjectionSchema
{
    public const string Schema = "ledger_read";

    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            BEGIN;
            SELECT pg_advisory_xact_lock(hashtextextended('ledger-read-schema', 0));
            CREATE SCHEMA IF NOT EXISTS {Schema};
            CREATE TABLE IF NOT EXISTS {Schema}.checkpoints (
                table_set        text        PRIMARY KEY,
                projection       text        NOT NULL,
                position         bigint      NOT NULL DEFAULT 0,
                updated_at       timestamptz NOT NULL DEFAULT now(),
                failed_position  bigint,
                failed_event_id  uuid,
                failed_error     text,
                failed_at        timestamptz
            );
            -- The table set that answers reports, per projection. Swapping it is one UPDATE: atomic for readers.
            CREATE TABLE IF NOT EXISTS {Schema}.active (
                projection  text PRIMARY KEY,
                table_set   text NOT NULL,
                swapped_at  timestamptz NOT NULL DEFAULT now()
            );
            COMMIT;
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
