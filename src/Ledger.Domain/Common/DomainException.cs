namespace Ledger.Domain.Common;

/// <summary>
/// A command the domain refuses. <see cref="Code"/> is a stable snake_case machine code
/// (e.g. <c>conversation_closed</c>, <c>unknown_currency</c>); <see cref="Kind"/> says whether the input was
/// invalid, the state forbids it, or a referenced thing is missing.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(DomainErrorKind kind, string code, string message, IReadOnlyList<FieldError>? errors = null)
        : base(message)
    {
        Kind = kind;
        Code = code;
        Errors = errors ?? [];
    }

    public DomainException()
        : this(DomainErrorKind.Conflict, "domain_error", "The command was refused.")
    {
    }

    public DomainException(string message)
        : this(DomainErrorKind.Conflict, "domain_error", message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = DomainErrorKind.Conflict;
        Code = "domain_error";
        Errors = [];
    }

    public DomainErrorKind Kind { get; }

    public string Code { get; }

    /// <summary>Field-level details; non-empty only for <see cref="DomainErrorKind.Validation"/>.</summary>
    public IReadOnlyList<FieldError> Errors { get; }

    public static DomainException Validation(string code, string message, IReadOnlyList<FieldError> errors) =>
        new(DomainErrorKind.Validation, code, message, errors);

    /// <summary>A single-field validation error, for rules that are checked one at a time.</summary>
    public static DomainException Invalid(string code, string field, string message) =>
        new(DomainErrorKind.Validation, code, message, [new FieldError(field, code, message)]);

    public static DomainException Conflict(string code, string message) =>
        new(DomainErrorKind.Conflict, code, message);

    public static DomainException NotFound(string code, string message) =>
        new(DomainErrorKind.NotFound, code, message);
}
