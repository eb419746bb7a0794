using System.Runtime.CompilerServices;
using Npgsql;

namespace Ledger.EventStore.Subscriptions;

/// <summary>
/// Tails the log in position order. Because positions are gap-free and commit-ordered, "everything after my checkpoint"
/// is always complete: no high-water mark and no gap timeout. Between catch-ups it waits on LISTEN (woken by every
/// commit's NOTIFY) with a slow poll as a safety net, and after a dropped connection it reconnects with backoff and
/// continues from the last event it delivered.
/// </summary>
internal sealed class Subscription(EventStore store)
{
    private static readonly TimeSpan SafetyPoll = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private const int PageSize = 1_000;

    public async IAsyncEnumerable<StoredEvent> ReadAsync(long afterPosition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var checkpoint = afterPosition;
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!cancellationToken.IsCancellationRequested)
        {
            // Listen before reading, so that a commit landing between the read and the wait still wakes us.
            var listener = await TryListenAsync(cancellationToken);
            if (listener is not null)
            {
                try
                {
                    while (true)
                    {
                        var page = await TryReadPageAsync(checkpoint, cancellationToken);
                        if (page is null) break;
                        backoff = TimeSpan.FromMilliseconds(100);
                        foreach (var e in page)
                        {
                            checkpoint = e.Position;
                            yield return e;
                        }
                        if (page.Count == PageSize) continue;
                        if (!await TryWaitAsync(listener, cancellationToken)) break;
                    }
                }
                finally
                {
                    await listener.DisposeAsync();
                }
            }
            await Task.Delay(backoff, cancellationToken);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private async Task<NpgsqlConnection?> TryListenAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        try
        {
            connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
            await using var listen = new NpgsqlCommand($"LISTEN {store.Options.Schema}_events", connection);
            await listen.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch (Exception ex) when (IsConnectionProblem(ex, cancellationToken))
        {
            if (connection is not null) await connection.DisposeAsync();
            return null;
        }
    }

    private async Task<List<StoredEvent>?> TryReadPageAsync(long checkpoint, CancellationToken cancellationToken)
    {
        try
        {
            var page = new List<StoredEvent>(PageSize);
            await foreach (var e in store.ReadAllAsync(checkpoint, checkpoint + PageSize, PageSize, cancellationToken))
                page.Add(e);
            return page;
        }
        catch (Exception ex) when (IsConnectionProblem(ex, cancellationToken))
        {
            return null;
        }
    }

    private static async Task<bool> TryWaitAsync(NpgsqlConnection listener, CancellationToken cancellationToken)
    {
        try
        {
            await listener.WaitAsync(SafetyPoll, cancellationToken);
            return true;
        }
        catch (Exception ex) when (IsConnectionProblem(ex, cancellationToken))
        {
            return false;
        }
    }

    private static bool IsConnectionProblem(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException;
}
