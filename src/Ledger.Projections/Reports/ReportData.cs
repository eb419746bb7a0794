using System.Runtime.CompilerServices;
using Ledger.Projections.Transactions;
using Npgsql;

namespace Ledger.Projections.Reports;

/// <summary>A fact in force at the report's position, with the log position and event that produced it (for drill-down).</summary>
public sealed record FactInForce(long Position, Guid EventId, TransactionFact Fact);

/// <summary>An initiative and its recorded costs.</summary>
public sealed record InitiativeInfo(Guid InitiativeId, string Name, Guid OwnerId, DateTimeOffset StartsAt, DateTimeOffset? EndedAt);

/// <summary>A participant as reports see it: ids and business attributes only, never personal data.</summary>
public sealed record ParticipantInfo(Guid ParticipantId, string Type, string? Department, string? Country, string? ExternalRole, string? OrganisationId)
{
    public bool IsExternal => Type == "external";
}

public sealed record CostInForce(long Position, Guid EventId, Guid InitiativeId, decimal Amount, string Currency, string Category, DateTimeOffset IncurredAt);

/// <summary>Everything a report needs as of one log position, read from the active table set.</summary>
public sealed record ReportData(
    long AsOfPosition, IReadOnlyList<FactInForce> Facts, IReadOnlyList<CostInForce> Costs, IReadOnlyList<InitiativeInfo> Initiatives, IReadOnlyList<ParticipantInfo> Participants)
{
    /// <summary>
    /// Reads facts at positions ≤ <paramref name="asOfPosition"/> and folds their reversals away: what remains is each
    /// interaction's fact in force at that position.
    /// </summary>
    public static async Task<ReportData> LoadAsync(NpgsqlDataSource dataSource, string tableSet, long asOfPosition, CancellationToken cancellationToken)
    {
        var inForce = new Dictionary<Guid, FactInForce>();
        await foreach (var (position, eventId, sign, fact) in ReadFactsAsync(dataSource, tableSet, 0, asOfPosition, cancellationToken))
        {
            if (sign < 0) inForce.Remove(fact.InteractionId);
            else inForce[fact.InteractionId] = new FactInForce(position, eventId, fact);
        }
        var costs = new List<CostInForce>();
        await foreach (var cost in ReadCostsAsync(dataSource, tableSet, 0, asOfPosition, cancellationToken)) costs.Add(cost);
        var initiatives = await LoadInitiativesAsync(dataSource, tableSet, asOfPosition, cancellationToken);
        var participants = new List<ParticipantInfo>();
        await using (var command = dataSource.CreateCommand(
            $"SELECT participant_id, type, department, country, external_role, organisation_id FROM {TransactionsProjection.Table(tableSet, "participants")} WHERE registered_position <= $1"))
        {
            command.Parameters.AddWithValue(asOfPosition);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                participants.Add(new ParticipantInfo(reader.GetGuid(0), reader.GetString(1), Text(2), Text(3), Text(4), Text(5)));

            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        }
        return new ReportData(asOfPosition, [.. inForce.Values.OrderBy(f => f.Position)], costs, initiatives, participants);
    }

    /// <summary>
    /// The fact rows at positions in (<paramref name="after"/>, <paramref name="upTo"/>], in log order. A reversal
    /// (sign −1) carries the fact it reverses, so a reader can fold the rows into sums as well as into facts in force.
    /// </summary>
    private static async IAsyncEnumerable<(long Position, Guid EventId, short Sign, TransactionFact Fact)> ReadFactsAsync(
        NpgsqlDataSource dataSource, string tableSet, long after, long upTo, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(FactRowsSql(tableSet));
        command.Parameters.AddWithValue(after);
        command.Parameters.AddWithValue(upTo);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) yield return ReadFactRow(reader);
    }

    private static async IAsyncEnumerable<CostInForce> ReadCostsAsync(
        NpgsqlDataSource dataSource, string tableSet, long after, long upTo, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(CostRowsSql(tableSet));
        command.Parameters.AddWithValue(after);
        command.Parameters.AddWithValue(upTo);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) yield return ReadCostRow(reader);
    }

    private static async Task<IReadOnlyList<InitiativeInfo>> LoadInitiativesAsync(NpgsqlDataSource dataSource, string tableSet, long asOfPosition, CancellationToken cancellationToken)
    {
        var initiatives = new List<InitiativeInfo>();
        await using var command = dataSource.CreateCommand(InitiativesSql(tableSet));
        command.Parameters.AddWithValue(asOfPosition);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) initiatives.Add(ReadInitiativeRow(reader));
        return initiatives;
    }

    /// <summary>Fact rows at positions in ($1, $2], in log order; read with <see cref="ReadFactRow"/>.</summary>
    internal static string FactRowsSql(string tableSet) =>
        $"SELECT position, event_id, sign, {FactRows.Columns} FROM {TransactionsProjection.Table(tableSet, "facts")} WHERE position > $1 AND position <= $2 ORDER BY position, seq";

    internal static (long Position, Guid EventId, short Sign, TransactionFact Fact) ReadFactRow(NpgsqlDataReader reader) =>
        (reader.GetInt64(0), reader.GetGuid(1), reader.GetInt16(2), FactRows.Read(reader, first: 3));

    /// <summary>Recorded initiative costs at positions in ($1, $2], in log order; read with <see cref="ReadCostRow"/>.</summary>
    internal static string CostRowsSql(string tableSet) =>
        $"SELECT position, event_id, initiative_id, amount, currency, category, incurred_at FROM {TransactionsProjection.Table(tableSet, "costs")} WHERE position > $1 AND position <= $2 ORDER BY position, seq";

    internal static CostInForce ReadCostRow(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetDecimal(3), reader.GetString(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6));

    /// <summary>The initiatives launched at positions ≤ $1, in the order reports list them (by name); read with <see cref="ReadInitiativeRow"/>.</summary>
    internal static string InitiativesSql(string tableSet) =>
        $"SELECT initiative_id, name, owner_id, starts_at, ended_at FROM {TransactionsProjection.Table(tableSet, "initiatives")} WHERE launched_position <= $1 ORDER BY name";

    internal static InitiativeInfo ReadInitiativeRow(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4));
}
