using Ledger.Testing;
using Npgsql;

namespace Ledger.EventStore.Tests;

public sealed class SubscriptionTests(DatabaseFixture database) : StoreTestBase(database)
{
    [Fact]
    public async Task Eight_concurrent_writers_and_a_tailing_subscriber_see_every_event_once_in_order_without_gaps()
    {
        const int writers = 8, appendsPerWriter = 150;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new List<StoredEvent>();
        var expectedTotal = writers * appendsPerWriter * 2;
        var subscriber = Task.Run(async () =>
        {
            await foreach (var e in Store.SubscribeAsync(0, timeout.Token))
            {
                seen.Add(e);
                if (seen.Count == expectedTotal) break;
            }
        });
        // A second store instance stands for a second process: its commits are only visible through PostgreSQL.
        var otherProcess = await OpenStoreAsync();
        var writing = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var store = w % 2 == 0 ? Store : otherProcess;
            var stream = NewStream();
            for (var i = 0; i < appendsPerWriter; i++)
                await store.AppendAsync(stream, ExpectedVersion.Exactly(i * 2), [Event(), Event()]);
        }));
        await Task.WhenAll(writing);
        await subscriber;

        seen.Select(e => e.Position).ShouldBe(Enumerable.Range(1, expectedTotal).Select(i => (long)i));
        seen.Select(e => e.EventId).Distinct().Count().ShouldBe(expectedTotal);
        (await Store.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task Resumes_from_a_checkpoint_without_redelivering_earlier_events()
    {
        for (var i = 0; i < 5; i++) await Store.AppendAsync(NewStream(), ExpectedVersion.Any, [Event()]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<long>();
        await foreach (var e in Store.SubscribeAsync(3, timeout.Token))
        {
            seen.Add(e.Position);
            if (seen.Count == 2) break;
        }
        seen.ShouldBe([4, 5]);
    }

    [Fact]
    public async Task Survives_its_backend_connection_being_terminated()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new List<long>();
        var caughtUp = new TaskCompletionSource();
        var subscriber = Task.Run(async () =>
        {
            await foreach (var e in Store.SubscribeAsync(0, timeout.Token))
            {
                seen.Add(e.Position);
                if (seen.Count == 3) caughtUp.TrySetResult();
                if (seen.Count == 6) break;
            }
        });
        for (var i = 0; i < 3; i++) await Store.AppendAsync(NewStream(), ExpectedVersion.Any, [Event()]);
        await caughtUp.Task.WaitAsync(timeout.Token);

        // Kill every other backend on this database: the subscriber's LISTEN connection and pooled ones.
        await using (var admin = new NpgsqlConnection(ConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
            ((long)(await kill.ExecuteScalarAsync())!).ShouldBeGreaterThan(0);
        }
        for (var i = 0; i < 3; i++)
        {
            // The writer's own connection was killed too: an append may fail once, and its retry is idempotent.
            var events = new[] { Event() };
            var stream = NewStream();
            try { await Store.AppendAsync(stream, ExpectedVersion.Any, events); }
            catch (NpgsqlException) { await Store.AppendAsync(stream, ExpectedVersion.Any, events); }
        }
        await subscriber;

        seen.ShouldBe([1, 2, 3, 4, 5, 6]);
    }
}
