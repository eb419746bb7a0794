using System.Security.Cryptography;
using Ledger.EventStore;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Bench;

/// <summary>
/// The raw-Npgsql baselines: the same rows, with the same payload bytes, into a plain table <c>bench_raw.raw_events</c>
/// of the same shape as the store's events table (bigint primary key, unique event_id, unique (stream_id,
/// stream_version)), but with no head row, no function, no hash computation (32 random bytes) and no triggers.
/// </summary>
internal sealed class RawBaseline(NpgsqlDataSource dataSource)
{
    public const string Table = "bench_raw.raw_events";
    public const string Description =
        "raw_events: same 13 columns as <schema>.events, bigint PRIMARY KEY (position), UNIQUE (event_id), " +
        "UNIQUE (stream_id, stream_version); no triggers, no head row; hash = 32 random bytes";

    private const string Columns =
        "position, stream_id, stream_version, event_id, event_type, schema_version, data, actor, correlation_id, causation_id, occurred_at, recorded_at, hash";
    private const string InsertSql =
        $"INSERT INTO {Table} ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

    private static readonly byte[][] RandomHashes = Enumerable.Range(0, 4_096).Select(_ => RandomNumberGenerator.GetBytes(32)).ToArray();

    public async Task RecreateTableAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            CREATE SCHEMA IF NOT EXISTS bench_raw;
            DROP TABLE IF EXISTS {Table};
            CREATE TABLE {Table} (
                position        bigint      NOT NULL PRIMARY KEY,
                stream_id       text        NOT NULL,
                stream_version  bigint      NOT NULL,
                event_id        uuid        NOT NULL UNIQUE,
                event_type      text        NOT NULL,
                schema_version  integer     NOT NULL,
                data            jsonb       NOT NULL,
                actor           text        NOT NULL,
                correlation_id  text,
                causation_id    text,
                occurred_at     timestamptz NOT NULL,
                recorded_at     timestamptz NOT NULL,
                hash            bytea       NOT NULL,
                UNIQUE (stream_id, stream_version)
            );
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>r1/r2: one INSERT, committed on its own (autocommit), on the given connection.</summary>
    public static async Task InsertOneAsync(NpgsqlConnection connection, long position, string streamId, long version, BenchEvent e, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InsertSql, connection);
        AddParameters(command.Parameters, position, streamId, version, e, DateTimeOffset.UtcNow);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>r3: one round trip carrying many INSERTs; an NpgsqlBatch runs as one implicit transaction (one commit).</summary>
    public static async Task InsertBatchAsync(NpgsqlConnection connection, IReadOnlyList<(long Position, string StreamId, long Version, BenchEvent Event)> rows, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        var recordedAt = DateTimeOffset.UtcNow;
        foreach (var (position, streamId, version, e) in rows)
        {
            var command = new NpgsqlBatchCommand(InsertSql);
            AddParameters(command.Parameters, position, streamId, version, e, recordedAt);
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>r4: one binary COPY of all rows in one transaction; positions 1..N.</summary>
    public async Task CopyAsync(IReadOnlyList<BulkRow> rows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var recordedAt = DateTimeOffset.UtcNow;
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {Table} ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        // Synchronous column writes, as the store's bulk path uses: the fastest way Npgsql offers.
        for (var i = 0; i < rows.Count; i++)
        {
            var (streamId, version, e, _) = rows[i];
            importer.StartRow();
            importer.Write(i + 1L, NpgsqlDbType.Bigint);
            importer.Write(streamId, NpgsqlDbType.Text);
            importer.Write(version, NpgsqlDbType.Bigint);
            importer.Write(e.EventId, NpgsqlDbType.Uuid);
            importer.Write(e.EventType, NpgsqlDbType.Text);
            importer.Write(1, NpgsqlDbType.Integer);
            importer.Write(e.Json, NpgsqlDbType.Jsonb);
            importer.Write(e.Actor, NpgsqlDbType.Text);
            importer.Write(e.CorrelationId, NpgsqlDbType.Text);
            if (e.CausationId is null) importer.WriteNull();
            else importer.Write(e.CausationId, NpgsqlDbType.Text);
            importer.Write(e.OccurredAt, NpgsqlDbType.TimestampTz);
            importer.Write(recordedAt, NpgsqlDbType.TimestampTz);
            importer.Write(RandomHashes[i % RandomHashes.Length], NpgsqlDbType.Bytea);
        }
        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>Baseline for (e): one streaming SELECT of every row in position order, materialized like the store's rows.</summary>
    public async Task<long> ScanAsync(CancellationToken cancellationToken)
    {
        long count = 0;
        await using var command = dataSource.CreateCommand(
            $"SELECT position, stream_id, stream_version, event_id, event_type, schema_version, data::text, actor, " +
            $"correlation_id, causation_id, occurred_at, recorded_at, hash FROM {Table} ORDER BY position");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var e = new StoredEvent(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetGuid(3), reader.GetString(4),
                reader.GetInt32(5), reader.GetString(6), reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetFieldValue<DateTimeOffset>(10),
                reader.GetFieldValue<DateTimeOffset>(11), reader.GetFieldValue<byte[]>(12));
            if (e.Position > 0) count++;
        }
        return count;
    }

    /// <summary>Baseline for (f): binary COPY TO of every row in position order, decoded, with no hashing.</summary>
    public async Task<long> CopyOutAsync(CancellationToken cancellationToken)
    {
        long count = 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var exporter = await connection.BeginBinaryExportAsync(
            $"COPY (SELECT position, stream_id, stream_version, event_id, event_type, schema_version, data::text, actor, " +
            $"correlation_id, causation_id, occurred_at, recorded_at, hash FROM {Table} ORDER BY position) TO STDOUT (FORMAT BINARY)", cancellationToken);
        while (exporter.StartRow() != -1)
        {
            exporter.Read<long>(NpgsqlDbType.Bigint);
            exporter.Read<string>(NpgsqlDbType.Text);
            exporter.Read<long>(NpgsqlDbType.Bigint);
            exporter.Read<Guid>(NpgsqlDbType.Uuid);
            exporter.Read<string>(NpgsqlDbType.Text);
            exporter.Read<int>(NpgsqlDbType.Integer);
            exporter.Read<string>(NpgsqlDbType.Text);
            exporter.Read<string>(NpgsqlDbType.Text);
            if (exporter.IsNull) exporter.Skip(); else exporter.Read<string>(NpgsqlDbType.Text);
            if (exporter.IsNull) exporter.Skip(); else exporter.Read<string>(NpgsqlDbType.Text);
            exporter.Read<DateTimeOffset>(NpgsqlDbType.TimestampTz);
            exporter.Read<DateTimeOffset>(NpgsqlDbType.TimestampTz);
            exporter.Read<byte[]>(NpgsqlDbType.Bytea);
            count++;
        }
        return count;
    }

    private static void AddParameters(NpgsqlParameterCollection parameters, long position, string streamId, long version, BenchEvent e, DateTimeOffset recordedAt)
    {
        parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = version });
        parameters.Add(new NpgsqlParameter<Guid> { TypedValue = e.EventId });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = e.EventType });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = 1 });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = e.Json, NpgsqlDbType = NpgsqlDbType.Jsonb });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = e.Actor });
        parameters.Add(new NpgsqlParameter<string?> { TypedValue = e.CorrelationId, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<string?> { TypedValue = e.CausationId, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = e.OccurredAt });
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = recordedAt });
        parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = RandomHashes[(int)(position & (RandomHashes.Length - 1))] });
    }
}

/// <summary>One row of the 1M-event bulk set: the stream, its version there, and the event.</summary>
internal readonly record struct BulkRow(string StreamId, long Version, BenchEvent Event, Ledger.EventStore.EventData Data);
