namespace Ledger.Domain.Common;

/// <summary>
/// Why a command was refused; the HTTP layer maps it to a status code without inspecting messages.
/// </summary>
public enum DomainErrorKind
{
    /// <summary>The command itself is malformed, whatever the state (HTTP 400 with field errors).</summary>
    Validation,

    /// <summary>The command is well formed but breaks a rule given the current state (HTTP 409).</summary>
    Conflict,

    /// <summary>The aggregate, or something the command references, does not exist (HTTP 404).</summary>
    NotFound,
}
