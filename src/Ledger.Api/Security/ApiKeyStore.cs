using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Ledger.Api.Hosting;
using Npgsql;

namespace Ledger.Api.Security;

public sealed record ApiKey(Guid KeyId, string Name, string Role, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt);

/// <summary>
/// API keys: only a SHA-256 of each key is stored (keys are 256-bit random, so a plain hash is enough: there is
/// nothing to brute-force). Lookups are cached for a few seconds; a revocation in this process takes effect at once,
/// in other processes within <see cref="CacheFor"/>.
/// </summary>
public sealed class ApiKeyStore(LedgerDatabase database, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (ApiKey? Key, DateTimeOffset Until)> _cache = new();

    public async Task<ApiKey?> FindActiveAsync(string presented, CancellationToken cancellationToken)
    {
        if (presented.Length is < 8 or > 200) return null;
        var hash = Hash(presented);
        var cacheKey = Convert.ToHexString(hash);
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(cacheKey, out var cached) && cached.Until > now) return cached.Key;

        await using var command = database.DataSource.CreateCommand(
            "SELECT key_id, name, role, created_at, created_by, revoked_at FROM ledger_api.api_keys WHERE key_hash = $1 AND revoked_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = hash });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var key = await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        if (_cache.Count > 10_000) _cache.Clear();
        _cache[cacheKey] = (key, now + CacheFor);
        return key;
    }

    /// <summary>Creates a key and returns it with its secret, which is shown once and never stored.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, string role, string createdBy, string? secret, CancellationToken cancellationToken)
    {
        secret ??= "ldg_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new ApiKey(Guid.CreateVersion7(), name, role, clock.GetUtcNow(), createdBy, null);
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO ledger_api.api_keys (key_id, name, role, key_hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key_hash) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = key.KeyId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = role });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Hash(secret) });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = key.CreatedAt });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = createdBy });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return (key, secret);
    }

    public async Task<bool> RevokeAsync(Guid keyId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "UPDATE ledger_api.api_keys SET revoked_at = $2 WHERE key_id = $1 AND revoked_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = keyId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        var revoked = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        _cache.Clear();
        return revoked;
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT key_id, name, role, created_at, created_by, revoked_at FROM ledger_api.api_keys ORDER BY created_at");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKey>();
        while (await reader.ReadAsync(cancellationToken)) keys.Add(Read(reader));
        return keys;
    }

    public async Task<bool> AnyActiveAdminAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM ledger_api.api_keys WHERE role = 'admin' AND revoked_at IS NULL)");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static ApiKey Read(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
