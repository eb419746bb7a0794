namespace Ledger.Domain.Common;

/// <summary>
/// The SHA-256 of an interaction's raw content, as 64 lowercase hex characters.
/// The ledger stores only this hash, never the text itself.
/// </summary>
public static class ContentHash
{
    public const int Length = 64;

    /// <summary>Trims and lowercases, so that an upper-case hex digest from another system still matches.</summary>
    public static string Normalise(string? value) => (value ?? "").Trim().ToLowerInvariant();

    public static bool IsValid(string? value) =>
        value is { Length: Length } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
