using System.Security.Cryptography;
using System.Text;
using Ledger.Api.Hosting;
using Ledger.Import.Interchange;
using Npgsql;

namespace Ledger.Api.Imports;

/// <summary>
/// Finds the participant an imported person is, by e-mail (lower-cased) or else handle within its source system:
/// the same person in two exports, or in two runs of one, is one participant. Only a SHA-256 of the identity is kept
/// here; the readable identity goes to the vault. New people get fresh random ids: an id derived from the identity
/// would let anyone who guesses an e-mail find that person's history, even after erasure.
/// </summary>
public sealed class IdentityDirectory(LedgerDatabase database)
{
    /// <summary>The identity key of a person, or null when the export names neither e-mail nor handle.</summary>
    public static string? IdentityKey(string system, ImportedPerson person) =>
        person.Email is { Length: > 0 } email ? "email:" + email.Trim().ToLowerInvariant()
        : person.Handle is { Length: > 0 } handle ? $"handle:{system}:{handle.Trim()}"
        : null;

    /// <summary>Participant ids for the given identity keys, creating ids for the new ones (under concurrency too).</summary>
    public async Task<(Dictionary<string, Guid> Ids, HashSet<string> Created)> ResolveAsync(IReadOnlyCollection<string> identityKeys, CancellationToken cancellationToken)
    {
        var keys = identityKeys.Distinct(StringComparer.Ordinal).ToArray();
        var hashes = keys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();
        var proposed = keys.Select(_ => Guid.CreateVersion7()).ToArray();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // Insert-if-absent then read: two imports naming the same new person at once agree on one id.
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO ledger_api.participant_identities (identity_hash, participant_id) SELECT * FROM unnest($1::bytea[], $2::uuid[]) " +
            "ON CONFLICT (identity_hash) DO NOTHING", connection))
        {
            insert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = hashes });
            insert.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = proposed });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        var byHash = new Dictionary<string, Guid>(StringComparer.Ordinal);
        await using (var select = new NpgsqlCommand(
            "SELECT identity_hash, participant_id FROM ledger_api.participant_identities WHERE identity_hash = ANY($1)", connection))
        {
            select.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = hashes });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                byHash[Convert.ToHexString(reader.GetFieldValue<byte[]>(0))] = reader.GetGuid(1);
        }
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var created = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            var id = byHash[Convert.ToHexString(hashes[i])];
            ids[keys[i]] = id;
            if (id == proposed[i]) created.Add(keys[i]);
        }
        return (ids, created);
    }
}
