namespace Ledger.Domain.Common;

/// <summary>
/// Collects field errors while a command is validated, and normalises the text it accepts
/// (trimmed, length-bounded, no control characters). Local and short-lived: deciders stay pure.
/// </summary>
internal sealed class Checks(string prefix = "")
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public void Add(string field, string code, string message) =>
        _errors.Add(new FieldError(prefix + field, code, message));

    public void AddRange(IEnumerable<FieldError> errors) => _errors.AddRange(errors);

    public void That(bool condition, string field, string code, string message)
    {
        if (!condition)
            Add(field, code, message);
    }

    /// <summary>Returns the trimmed text, or null when absent; records an error when required and missing.</summary>
    public string? Text(string field, string? value, int maxLength, bool required = true)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
                Add(field, "required", "Required.");
            return null;
        }

        if (trimmed.Length > maxLength)
            Add(field, "too_long", $"Must be at most {maxLength} characters.");
        if (trimmed.Any(char.IsControl))
            Add(field, "control_characters", "Must not contain control characters.");
        return trimmed;
    }

    public void Id(string field, Guid value) =>
        That(value != Guid.Empty, field, "empty_id", "Must be a non-empty id.");

    public void Defined<TEnum>(string field, TEnum value)
        where TEnum : struct, Enum =>
        That(Enum.IsDefined(value), field, "invalid_value", $"'{value}' is not a valid {typeof(TEnum).Name}.");

    /// <summary>
    /// Throws a validation <see cref="DomainException"/> carrying every recorded error; its code is the
    /// first error's code, so a command with one mistake reports exactly that mistake.
    /// </summary>
    public void ThrowIfAny(string message)
    {
        if (_errors.Count > 0)
            throw DomainException.Validation(_errors[0].Code, message, _errors);
    }
}
