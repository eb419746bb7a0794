using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ledger.EventStore.Verification;

/// <summary>
/// A signed statement "the ledger had head hash H at position P at time T", for anchoring outside the database
/// (an auditor's mailbox, a notary, a public timestamping service). ECDSA P-256 over SHA-256, signature in IEEE P1363
/// form (r ‖ s), both base64. The signed text is <see cref="SignedText"/>.
/// </summary>
public sealed record SignedDigest(
    long Position,
    string HeadHash,
    DateTimeOffset CreatedAt,
    string KeyId,
    string PublicKey,
    string Signature)
{
    public const string Algorithm = "ECDSA-P256-SHA256";

    public string SignedText => SignedTextFor(Position, HeadHash, CreatedAt);

    internal static string SignedTextFor(long position, string headHash, DateTimeOffset createdAt) =>
        string.Create(CultureInfo.InvariantCulture, $"ledger-digest-v1\n{position}\n{headHash}\n{createdAt.ToUniversalTime():yyyy-MM-ddTHH:mm:ss.ffffffZ}");

    /// <summary>True when the signature matches the content and was made by <see cref="PublicKey"/>.</summary>
    public bool HasValidSignature()
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(PublicKey), out _);
            return DigestSigner.KeyIdOf(key) == KeyId
                   && key.VerifyData(Encoding.UTF8.GetBytes(SignedText), Convert.FromBase64String(Signature), HashAlgorithmName.SHA256);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return false;
        }
    }
}
