using System.Text.RegularExpressions;

namespace Ledger.EventStore;

/// <summary>Settings of an <see cref="EventStore"/>. The limits are documented in the README.</summary>
public sealed partial record EventStoreOptions
{
    /// <summary>PostgreSQL schema holding the store's tables (lowercase identifier).</summary>
    public string Schema { get; init; } = "ledger";

    /// <summary>Largest accepted event body, in bytes of UTF-8 JSON.</summary>
    public int MaxEventBytes { get; init; } = 64 * 1024;

    /// <summary>Most events accepted in one append call.</summary>
    public int MaxEventsPerAppend { get; init; } = 10_000;

    public int MaxStreamIdLength { get; init; } = 200;

    /// <summary>Most events one group commit may carry; callers beyond it wait for the next transaction.</summary>
    public int MaxEventsPerGroupCommit { get; init; } = 5_000;

    /// <summary>Events per transaction in the bulk (COPY) path.</summary>
    public int BulkChunkSize { get; init; } = 50_000;

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (!SchemaName().IsMatch(Schema))
            throw new ArgumentException($"Schema '{Schema}' must be a lowercase identifier ([a-z_][a-z0-9_]*, at most 40 characters).");
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,39}$")]
    private static partial Regex SchemaName();
}
