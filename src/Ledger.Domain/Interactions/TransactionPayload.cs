using System.Text.Json.Serialization;

namespace Ledger.Domain.Interactions;

/// <summary>
/// What an interaction transacted: exactly one of four closed cases. The JSON discriminator names are
/// part of the stored event format and must never change.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(MonetaryPayload), "monetary")]
[JsonDerivedType(typeof(InformationalPayload), "informational")]
[JsonDerivedType(typeof(LogisticalPayload), "logistical")]
[JsonDerivedType(typeof(EmotionalPayload), "emotional")]
public abstract record TransactionPayload
{
    private protected TransactionPayload()
    {
    }

    /// <summary>The transaction kind this payload classifies its interaction as.</summary>
    [JsonIgnore]
    public TransactionKind Kind => this switch
    {
        MonetaryPayload => TransactionKind.Monetary,
        InformationalPayload => TransactionKind.Informational,
        LogisticalPayload => TransactionKind.Logistical,
        _ => TransactionKind.Emotional,
    };
}

/// <param name="Reference">Optional business reference such as <c>invoice:INV-2024-17</c>, a deal or an order.</param>
public sealed record MonetaryPayload(decimal Amount, string Currency, MoneyDirection Direction, string? Reference = null)
    : TransactionPayload;

/// <param name="BuildsOn">An earlier informational interaction this one compounds on.</param>
public sealed record InformationalPayload(InformationKind What, string Topic, Guid? BuildsOn = null) : TransactionPayload;

public sealed record LogisticalPayload(string Item, decimal Quantity, string Unit, LogisticalStatus Status)
    : TransactionPayload;

/// <param name="Valence">From -1 (negative) to +1 (positive).</param>
/// <param name="Intensity">From 1 (faint) to 5 (strong).</param>
public sealed record EmotionalPayload(EmotionalSignal Signal, decimal Valence, int Intensity) : TransactionPayload;
