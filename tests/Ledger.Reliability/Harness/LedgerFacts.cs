using Npgsql;

namespace Ledger.Reliability.Harness;

/// <summary>What PostgreSQL itself holds, read directly (superuser), to check the API's acknowledgements against.</summary>
public static class LedgerFacts
{
    /// <summary>Every interaction-recorded event's interaction id with the positions it was stored at.</summary>
    public static async Task<Dictionary<Guid, List<long>>> InteractionPositionsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (data ->> 'interactionId')::uuid, position FROM ledger.events WHERE event_type = 'interaction-recorded'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var positions = new Dictionary<Guid, List<long>>();
        while (await reader.ReadAsync())
        {
            var id = reader.GetGuid(0);
            if (!positions.TryGetValue(id, out var list)) positions[id] = list = [];
            list.Add(reader.GetInt64(1));
        }
        return positions;
    }

    /// <summary>Number of rows, lowest and highest position of the log, and the head row's position.</summary>
    public static async Task<(long Rows, long Min, long Max, long Head)> PositionsAsync(string connectionString)
    {
        var row = await RowAsync(connectionString,
            "SELECT count(*), coalesce(min(position), 0), coalesce(max(position), 0), (SELECT position FROM ledger.head WHERE id = 1) FROM ledger.events");
        return (row[0], row[1], row[2], row[3]);
    }

    /// <summary>Rows of the live transactions read model, and interaction-recorded events in the log.</summary>
    public static async Task<(long Facts, long Interactions)> FactsAndInteractionsAsync(string connectionString)
    {
        var row = await RowAsync(connectionString,
            "SELECT (SELECT count(*) FROM ledger_read.transactions_v1_facts), (SELECT count(*) FROM ledger.events WHERE event_type = 'interaction-recorded')");
        return (row[0], row[1]);
    }

    private static async Task<long[]> RowAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetInt64)];
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
