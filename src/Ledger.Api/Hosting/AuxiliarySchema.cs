using Npgsql;

namespace Ledger.Api.Hosting;

/// <summary>
/// Tables beside the event log that the API owns: API keys (hashes only), stored idempotent responses, the personal
/// data vault (erasable, outside the log), and an index to find interactions by id. Created idempotently under an
/// advisory lock, like the event store's schema.
/// </summary>
internal static class AuxiliarySchema
{
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private const string Sql = """
        SELECT pg_advisory_xact_lock(hashtextextended('ledger-api-schema', 0));
        CREATE SCHEMA IF NOT EXISTS ledger_api;

        CREATE TABLE IF NOT EXISTS ledger_api.api_keys (
            key_id      uuid        PRIMARY KEY,
            name        text        NOT NULL,
            role        text        NOT NULL,
            key_hash    bytea       NOT NULL UNIQUE,
            created_at  timestamptz NOT NULL DEFAULT now(),
            created_by  text        NOT NULL,
            revoked_at  timestamptz
        );

        CREATE TABLE IF NOT EXISTS ledger_api.idempotent_responses (
            principal        text        NOT NULL,
            idempotency_key  text        NOT NULL,
            request_hash     bytea       NOT NULL,
            status_code      integer,
            content_type     text,
            etag             text,
            location         text,
            body             bytea,
            created_at       timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (principal, idempotency_key)
        );

        -- Personal data lives here, encrypted with a per-participant key, never in the event log. Erasure deletes the
        -- key (crypto-shredding): the ciphertext becomes noise and the log, which holds only ids, stays verifiable.
        CREATE TABLE IF NOT EXISTS ledger_api.participant_keys (
            participant_id uuid  PRIMARY KEY,
            key            bytea NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ledger_api.participant_personal_data (
            participant_id uuid        PRIMARY KEY,
            nonce          bytea       NOT NULL,
            ciphertext     bytea       NOT NULL,
            tag            bytea       NOT NULL,
            updated_at     timestamptz NOT NULL DEFAULT now()
        );

        -- Imports find a person again by the SHA-256 of their e-mail or handle. The row is personal data too: erasure
        -- deletes it, so an erased participant can no longer be linked to whoever a later import names.
        CREATE TABLE IF NOT EXISTS ledger_api.participant_identities (
            identity_hash  bytea PRIMARY KEY,
            participant_id uuid  NOT NULL
        );
        CREATE INDEX IF NOT EXISTS participant_identities_participant ON ledger_api.participant_identities (participant_id);

        -- Interactions live inside conversation streams; decisions and corrections cite them by id alone.
        CREATE INDEX IF NOT EXISTS events_interaction_id ON ledger.events ((data ->> 'interactionId'))
            WHERE event_type IN ('interaction-recorded', 'interaction-reclassified', 'interaction-voided');

        -- Decisions are few among many events; auditors list them as of a position (DecisionList).
        CREATE INDEX IF NOT EXISTS events_decisions ON ledger.events (event_type, position)
            WHERE event_type IN ('decision-recorded', 'decision-superseded');
        """;
}
