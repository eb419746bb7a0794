namespace Ledger.Domain.Common;

/// <summary>A positive amount in an ISO 4217 currency. Amounts are never floating point.</summary>
public readonly record struct Money(decimal Amount, string Currency)
{
    /// <summary>Trims and upper-cases the currency so that " eur" is stored as "EUR".</summary>
    public Money Normalised() => this with { Currency = CurrencyCodes.Normalise(Currency) };

    /// <summary>
    /// Field errors for an amount and currency: the amount must be strictly positive and the currency
    /// (after normalisation) an active ISO 4217 code. <paramref name="prefix"/> is prepended to field names.
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(decimal amount, string? currency, string prefix = "")
    {
        var errors = new List<FieldError>();
        if (amount <= 0)
            errors.Add(new FieldError(prefix + "amount", "non_positive_amount", "Amount must be greater than zero."));
        if (!CurrencyCodes.IsKnown(CurrencyCodes.Normalise(currency)))
            errors.Add(new FieldError(prefix + "currency", "unknown_currency", $"'{currency}' is not an active ISO 4217 currency code."));
        return errors;
    }
}
