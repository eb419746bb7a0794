using System.Security.Cryptography;
using System.Text;

namespace Ledger.EventStore.Verification;

/// <summary>
/// Holds the ECDSA P-256 key that signs digests. The key lives in a PEM file outside the database (default
/// <c>.ledger/digest-signing-key.pem</c>, configurable): someone able to rewrite the database must not also be able
/// to re-sign it. Generated on first start when the file does not exist.
/// </summary>
public sealed class DigestSigner : IDisposable
{
    private readonly ECDsa _key;

    private DigestSigner(ECDsa key) => _key = key;

    public string KeyId => KeyIdOf(_key);

    public string PublicKeyBase64 => Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo());

    /// <summary>Loads the key from <paramref name="pemPath"/>, creating it (owner-only permissions) if it does not exist.</summary>
    public static DigestSigner LoadOrCreate(string pemPath)
    {
        var key = ECDsa.Create();
        if (File.Exists(pemPath))
        {
            key.ImportFromPem(File.ReadAllText(pemPath));
            return new DigestSigner(key);
        }
        key.GenerateKey(ECCurve.NamedCurves.nistP256);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(pemPath))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(pemPath, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        return new DigestSigner(key);
    }

    /// <summary>A signer with a fresh in-memory key (tests).</summary>
    public static DigestSigner CreateEphemeral()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new DigestSigner(key);
    }

    public SignedDigest Sign(long position, string headHash, DateTimeOffset createdAt)
    {
        createdAt = Hashing.Timestamps.Truncate(createdAt);
        var text = SignedDigest.SignedTextFor(position, headHash, createdAt);
        var signature = _key.SignData(Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256);
        return new SignedDigest(position, headHash, createdAt, KeyId, PublicKeyBase64, Convert.ToBase64String(signature));
    }

    internal static string KeyIdOf(ECDsa key) =>
        Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    public void Dispose() => _key.Dispose();
}
