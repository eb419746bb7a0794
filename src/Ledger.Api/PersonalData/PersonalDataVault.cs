using System.Security.Cryptography;
using System.Text.Json;
using Ledger.Api.Hosting;
using Npgsql;

namespace Ledger.Api.PersonalData;

/// <summary>A participant's personal data: kept apart from the log, erasable.</summary>
public sealed record PersonalDetails(string? Name = null, string? Email = null, string? Handle = null);

/// <summary>
/// Stores personal data encrypted with a per-participant AES-256-GCM key, outside the event log (which holds only
/// participant ids). Erasing a participant destroys the key: the ciphertext can no longer be read, and nothing in the
/// log changes, so the chain still verifies.
/// </summary>
public sealed class PersonalDataVault(LedgerDatabase database)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public async Task StoreAsync(Guid participantId, PersonalDetails details, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        byte[] key;
        await using (var insertKey = new NpgsqlCommand(
            "INSERT INTO ledger_api.participant_keys (participant_id, key) VALUES ($1, $2) ON CONFLICT (participant_id) DO UPDATE SET key = ledger_api.participant_keys.key RETURNING key", connection, transaction))
        {
            insertKey.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = participantId });
            insertKey.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = RandomNumberGenerator.GetBytes(32) });
            key = (byte[])(await insertKey.ExecuteScalarAsync(cancellationToken))!;
        }
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(details, JsonSetup.Options);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagSize];
        using (var aes = new AesGcm(key, TagSize))
            aes.Encrypt(nonce, plaintext, ciphertext, tag, participantId.ToByteArray());
        await using (var upsert = new NpgsqlCommand(
            "INSERT INTO ledger_api.participant_personal_data (participant_id, nonce, ciphertext, tag) VALUES ($1, $2, $3, $4) " +
            "ON CONFLICT (participant_id) DO UPDATE SET nonce = EXCLUDED.nonce, ciphertext = EXCLUDED.ciphertext, tag = EXCLUDED.tag, updated_at = now()", connection, transaction))
        {
            upsert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = participantId });
            upsert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = nonce });
            upsert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = ciphertext });
            upsert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = tag });
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The participant's personal data; null when none was stored or it was erased.</summary>
    public async Task<PersonalDetails?> ReadAsync(Guid participantId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT k.key, d.nonce, d.ciphertext, d.tag FROM ledger_api.participant_personal_data d " +
            "JOIN ledger_api.participant_keys k USING (participant_id) WHERE participant_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = participantId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var (key, nonce, ciphertext, tag) = (reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2), reader.GetFieldValue<byte[]>(3));
        var plaintext = new byte[ciphertext.Length];
        using (var aes = new AesGcm(key, TagSize))
            aes.Decrypt(nonce, ciphertext, tag, plaintext, participantId.ToByteArray());
        return JsonSerializer.Deserialize<PersonalDetails>(plaintext, JsonSetup.Options);
    }

    /// <summary>
    /// Destroys the participant's key, ciphertext and import identities: the personal data can no longer be read by anyone,
    /// and a later import naming the same person registers a new participant instead of re-linking the erased one.
    /// </summary>
    public async Task EraseAsync(Guid participantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var table in new[] { "participant_keys", "participant_personal_data", "participant_identities" })
        {
            await using var command = new NpgsqlCommand($"DELETE FROM ledger_api.{table} WHERE participant_id = $1", connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = participantId });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
