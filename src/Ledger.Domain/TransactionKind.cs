namespace Ledger.Domain;

/// <summary>What an interaction amounted to, once the conversation is reduced to its outcome.</summary>
public enum TransactionKind
{
    Monetary,
    Informational,
    Logistical,
    Emotional,
}
