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
        await using (var command = dataSource.CreateCommand(
            $"SELECT position, event_id, sign, {FactRows.Columns} FROM {TransactionsProjection.Table(tableSet, "facts")} " +
            "WHERE position <= $1 ORDER BY position, seq"))
        {
            command.Parameters.AddWithValue(asOfPosition);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var interaction = reader.GetGuid(3);
                if (reader.GetInt16(2) < 0)
                {
                    inForce.Remove(interaction);
                    continue;
                }
                var fact = FactRows.Read(reader, first: 3);
                inForce[interaction] = new FactInForce(reader.GetInt64(0), reader.GetGuid(1), fact);
            }
        }
        var costs = new List<CostInForce>();
        await using (var command = dataSource.CreateCommand(
            $"SELECT position, event_id, initiative_id, amount, currency, category, incurred_at FROM {TransactionsProjection.Table(tableSet, "costs")} WHERE position <= $1 ORDER BY position, seq"))
        {
            command.Parameters.AddWithValue(asOfPosition);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                costs.Add(new CostInForce(reader.GetInt64(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetDecimal(3), reader.GetString(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }
        var initiatives = new List<InitiativeInfo>();
        await using (var command = dataSource.CreateCommand(
            $"SELECT initiative_id, name, owner_id, starts_at, ended_at FROM {TransactionsProjection.Table(tableSet, "initiatives")} WHERE launched_position <= $1 ORDER BY name"))
        {
            command.Parameters.AddWithValue(asOfPosition);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                initiatives.Add(new InitiativeInfo(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        }
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
}
