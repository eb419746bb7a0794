namespace Ledger.Domain.Interactions;

public enum ClassificationSource
{
    Manual,
    Rule,
    Import,
}

/// <summary>
/// Who or what classified an interaction, and how sure it was. <paramref name="RuleId"/> is required when
/// <paramref name="Source"/> is <see cref="ClassificationSource.Rule"/> and absent otherwise.
/// </summary>
/// <param name="Confidence">From 0 to 1.</param>
public sealed record Classification(ClassificationSource Source, string? RuleId = null, decimal Confidence = 1m);

/// <summary>Where the interaction was captured: the source system and its own id for it.</summary>
public sealed record SourceRef(string System, string Id);
