namespace Ledger.Domain.Common;

/// <summary>
/// One invalid input field. <paramref name="Field"/> is a camelCase path such as
/// <c>interactions[3].payload.amount</c>, <paramref name="Code"/> a stable snake_case reason
/// (<c>unknown_currency</c>), ready to become an RFC 9457 field error.
/// </summary>
public sealed record FieldError(string Field, string Code, string Message);
