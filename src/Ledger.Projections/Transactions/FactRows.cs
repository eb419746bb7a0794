using Npgsql;

namespace Ledger.Projections.Transactions;

/// <summary>The one place that knows how a facts row maps to a <see cref="TransactionFact"/>.</summary>
internal static class FactRows
{
    /// <summary>The fact's columns, in the order <see cref="Read"/> expects them.</summary>
    public const string Columns =
        "interaction_id, conversation_id, kind, subtype, amount, currency, quantity, unit, valence, intensity, " +
        "occurred_at, initiative_id, channel, department, counterpart_id, sender_id, receiver_ids";

    /// <summary>Reads the fact whose <see cref="Columns"/> start at ordinal <paramref name="first"/>.</summary>
    public static TransactionFact Read(NpgsqlDataReader reader, int first)
    {
        string? Text(int i) => reader.IsDBNull(first + i) ? null : reader.GetString(first + i);
        Guid? Id(int i) => reader.IsDBNull(first + i) ? null : reader.GetGuid(first + i);
        return new TransactionFact(
            reader.GetGuid(first), reader.GetGuid(first + 1), Enum.Parse<Domain.TransactionKind>(reader.GetString(first + 2), true), reader.GetString(first + 3),
            reader.GetDecimal(first + 4), Text(5), reader.GetDecimal(first + 6), Text(7), reader.GetDecimal(first + 8), reader.GetInt32(first + 9),
            reader.GetFieldValue<DateTimeOffset>(first + 10), Id(11), reader.GetString(first + 12), Text(13), Id(14), reader.GetGuid(first + 15),
            reader.GetFieldValue<Guid[]>(first + 16));
    }
}
