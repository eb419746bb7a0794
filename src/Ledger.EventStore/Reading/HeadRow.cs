using Npgsql;

namespace Ledger.EventStore.Reading;

/// <summary>The one place that reads the head row (optionally locking it for an append; NOWAIT for a pipelined bulk chunk).</summary>
internal static class HeadRow
{
    public static async Task<LogHead> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema, bool forUpdate, CancellationToken cancellationToken, bool nowait = false)
    {
        var locking = forUpdate ? nowait ? " FOR UPDATE NOWAIT" : " FOR UPDATE" : "";
        await using var command = new NpgsqlCommand(
            $"SELECT position, hash, recorded_at FROM {schema}.head WHERE id = 1{locking}", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        // An empty log's head was recorded at '-infinity', which Npgsql reads as DateTime.MinValue.
        var recordedAt = reader.GetFieldValue<DateTime>(2);
        return new LogHead(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1),
            recordedAt == DateTime.MinValue ? DateTimeOffset.MinValue : new DateTimeOffset(recordedAt, TimeSpan.Zero));
    }
}
