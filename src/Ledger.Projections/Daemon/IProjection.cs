using Npgsql;

namespace Ledger.Projections.Daemon;

/// <summary>
/// A read model kept by the daemon. Its tables live in schema <c>ledger_read</c> under a table-set prefix
/// (<see cref="TableSet"/>, e.g. <c>transactions_v1</c>), so that a new version can be built beside the live one.
/// <see cref="ApplyAsync"/> runs inside the daemon's transaction, which also moves the checkpoint: a batch's effect and
/// its checkpoint commit together or not at all.
/// </summary>
public interface IProjection
{
    /// <summary>Stable name, e.g. "transactions".</summary>
    string Name { get; }

    /// <summary>Bump it when the read model's shape or rules change: the new version is rebuilt from position 0.</summary>
    int Version { get; }

    /// <summary>Creates the projection's tables for <paramref name="tableSet"/> if they do not exist.</summary>
    Task CreateAsync(NpgsqlConnection connection, string tableSet, CancellationToken cancellationToken);

    /// <summary>The event types <see cref="ApplyAsync"/> folds; the runner does not read the others. Null: every type.</summary>
    IReadOnlySet<Type>? EventTypes => null;

    /// <summary>Applies a batch of decoded events, in position order, inside the caller's transaction.</summary>
    Task ApplyAsync(NpgsqlConnection connection, string tableSet, ProjectionBatch events, CancellationToken cancellationToken);
}

public static class ProjectionNames
{
    public static string TableSet(this IProjection projection) => $"{projection.Name}_v{projection.Version}";
}
