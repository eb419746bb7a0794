using Ledger.Domain.Interactions;
using Ledger.EventStore;
using Ledger.Projections.Daemon;
using Ledger.Projections.Transactions;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ledger.Projections.Tests.Daemon;

public sealed class ProjectionDaemonTests : ProjectionTestBase
{
    [Fact]
    public async Task Facts_follow_the_corrected_view_with_reversals()
    {
        var conversation = await History.ConversationAsync(3);
        var (first, second) = (History.Interactions[0], History.Interactions[1]);
        await History.VoidAsync(conversation, first);
        await History.ReclassifyAsync(conversation, second, new InformationalPayload(InformationKind.Answer, "pricing"));
        var daemon = await StartDaemonAsync();
        await daemon.WaitForAsync((await Store.ReadHeadAsync()).Position, CancellationToken.None);

        var facts = await FactsAsync("transactions_v1");
        // 3 recorded (+1 each), the void reverses the first (−1), the reclassification reverses the second (−1) and adds it as informational (+1).
        facts.Count.ShouldBe(6);
        facts.Count(f => f.Split('|')[2] == "-1").ShouldBe(2);
        var net = facts.Select(f => f.Split('|')).GroupBy(f => f[4]).ToDictionary(g => g.Key, g => g.Sum(f => int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture)));
        net["monetary"].ShouldBe(1);
        net["informational"].ShouldBe(1);
        facts.ShouldAllBe(f => f.Contains("|sales|", StringComparison.Ordinal) && f.Contains($"|{History.Customer}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_crash_between_applying_and_checkpointing_leaves_an_exactly_once_effect()
    {
        await History.ConversationAsync(40);
        // The projection's writes succeed, then the backend dies before the checkpoint commits: the batch must vanish.
        var crashing = new CrashOnce(new TransactionsProjection(), crashOnCall: 1);
        var daemon = await StartDaemonAsync(crashing);
        await History.ConversationAsync(40);
        var head = (await Store.ReadHeadAsync()).Position;
        await daemon.WaitForAsync(head, CancellationToken.None);

        crashing.Crashed.ShouldBeTrue();
        var fresh = await BuildFreshAsync(head);
        (await FactsAsync("transactions_v1")).ShouldBe(fresh);
    }

    [Fact]
    public async Task A_throwing_projection_halts_at_the_event_and_reports_it_then_resumes_after_the_fix()
    {
        var conversation = await History.ConversationAsync(5);
        var poison = History.Interactions[3];
        var failing = new FailOn(new TransactionsProjection(), poison);
        var daemon = await StartDaemonAsync(failing);

        var status = await Eventually(async () => (await daemon.StatusAsync(CancellationToken.None)).Single(), s => s.Failure is not null);
        var poisonEvent = await FindAsync(e => e.Data.Contains(poison.ToString(), StringComparison.Ordinal));
        status.Failure.ShouldNotBeNull();
        status.Failure!.Position.ShouldBe(poisonEvent.Position);
        status.Failure.EventId.ShouldBe(poisonEvent.EventId);
        status.Failure.Error.ShouldContain("poison");
        status.Checkpoint.ShouldBe(poisonEvent.Position - 1);        // everything before it applied, nothing after
        status.State.ShouldBe("failed");

        failing.Fixed = true;
        (await daemon.ResumeAsync("transactions_v1", CancellationToken.None)).ShouldBeTrue();
        var head = (await Store.ReadHeadAsync()).Position;
        await daemon.WaitForAsync(head, CancellationToken.None);
        (await FactsAsync("transactions_v1")).Count.ShouldBe(5);
        _ = conversation;
    }

    [Fact]
    public async Task A_rebuild_while_writes_continue_ends_equal_to_a_fresh_build_and_is_swapped_in()
    {
        await History.ConversationAsync(30);
        var daemon = await StartDaemonAsync();
        await daemon.WaitForAsync((await Store.ReadHeadAsync()).Position, CancellationToken.None);

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) await History.ConversationAsync(2);
        });
        var rebuilt = await daemon.RebuildAsync("transactions", "transactions_v1_rtest");
        await stop.CancelAsync();
        await writer;
        var head = (await Store.ReadHeadAsync()).Position;
        await daemon.WaitForAsync(head, CancellationToken.None);

        (await daemon.ActiveTableSetAsync("transactions", CancellationToken.None)).ShouldBe(rebuilt);
        (await FactsAsync(rebuilt)).ShouldBe(await BuildFreshAsync(head));
    }

    [Fact]
    public async Task A_rebuild_of_an_empty_log_is_swapped_in_every_time()
    {
        // Nothing to catch up with: the swap used to race the new runner for the table set's CREATE TABLE IF NOT EXISTS
        // (PostgreSQL refuses one of two concurrent creations of the same table), and the rebuild then never swapped in.
        var daemon = await StartDaemonAsync();
        for (var i = 0; i < 12; i++)
        {
            var tableSet = $"transactions_v1_rempty{i}";
            (await daemon.RebuildAsync("transactions", tableSet)).ShouldBe(tableSet);
            (await daemon.ActiveTableSetAsync("transactions", CancellationToken.None)).ShouldBe(tableSet);
        }
    }

    [Fact]
    public async Task Only_one_process_applies_a_table_set_and_another_takes_over_when_it_stops()
    {
        await History.ConversationAsync(10);
        var first = new ProjectionRunner(Store, new TransactionsProjection(), "transactions_v1", NullLogger.Instance);
        var second = new ProjectionRunner(Store, new TransactionsProjection(), "transactions_v1", NullLogger.Instance);
        await EnsureSchemaAsync();
        using var stopFirst = new CancellationTokenSource();
        using var stopSecond = new CancellationTokenSource();
        var firstRun = Task.Run(() => first.RunAsync(stopFirst.Token));
        await Eventually(() => Task.FromResult(first.IsLeader), leader => leader);
        var secondRun = Task.Run(() => second.RunAsync(stopSecond.Token));
        await Task.Delay(ProjectionRunner.RetryDelay * 2);
        second.IsLeader.ShouldBeFalse();

        await stopFirst.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => firstRun);
        (await Eventually(() => Task.FromResult(second.IsLeader), leader => leader, seconds: 10)).ShouldBeTrue();
        await History.ConversationAsync(5);
        var head = (await Store.ReadHeadAsync()).Position;
        (await Eventually(() => Task.FromResult(second.Checkpoint), c => c >= head)).ShouldBe(head);
        await stopSecond.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => secondRun);
        (await FactsAsync("transactions_v1")).Count.ShouldBe(15);
    }

    /// <summary>A build from scratch, in one pass, into its own table set: what any live table set must equal.</summary>
    private async Task<List<string>> BuildFreshAsync(long upTo)
    {
        var runner = new ProjectionRunner(Store, new TransactionsProjection(), $"fresh_{Guid.NewGuid():N}"[..14], NullLogger.Instance);
        await EnsureSchemaAsync();
        await runner.RunAsync(CancellationToken.None, stopAt: upTo);
        return await FactsAsync(runner.TableSet);
    }

    private async Task<StoredEvent> FindAsync(Func<StoredEvent, bool> predicate)
    {
        await foreach (var e in Store.ReadAllAsync())
        {
            if (predicate(e)) return e;
        }
        throw new InvalidOperationException("No such event.");
    }

    [Fact]
    public async Task Following_a_busy_log_it_applies_a_few_appends_per_transaction_not_one_each()
    {
        await EnsureSchemaAsync();
        var counting = new Counting(new TransactionsProjection());
        var runner = new ProjectionRunner(Store, counting, "transactions_v1", NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => runner.RunAsync(stop.Token));

        // Eight writers appending as fast as they can for 600 ms: the log is always ahead of the daemon.
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var version = 0L; elapsed.ElapsedMilliseconds < 600; version++)
                await Store.AppendAsync($"busy-{w}", ExpectedVersion.Exactly(version), [EventData.FromJson(Guid.NewGuid(), "thing-happened", """{"n": 1}""", new EventMetadata("tester", DateTimeOffset.UtcNow))]);
        })));
        var head = (await Store.ReadHeadAsync()).Position;
        (await Eventually(() => Task.FromResult(runner.Checkpoint), c => c >= head)).ShouldBe(head);
        elapsed.Stop();
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => run);

        // Without the pause after a small batch, each apply takes the few appends that landed while the last one ran.
        var bound = (int)(elapsed.Elapsed / TimeSpan.FromMilliseconds(25)) + 5;
        counting.Calls.ShouldBeLessThanOrEqualTo(bound, $"{counting.Calls} transactions for {head} appends in {elapsed.ElapsedMilliseconds} ms");
    }

    /// <summary>Counts the batches applied.</summary>
    private sealed class Counting(IProjection inner) : IProjection
    {
        private int _calls;
        public int Calls => Volatile.Read(ref _calls);
        public string Name => inner.Name;
        public int Version => inner.Version;
        public Task CreateAsync(NpgsqlConnection connection, string tableSet, CancellationToken cancellationToken) => inner.CreateAsync(connection, tableSet, cancellationToken);

        public Task ApplyAsync(NpgsqlConnection connection, string tableSet, ProjectionBatch events, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return inner.ApplyAsync(connection, tableSet, events, cancellationToken);
        }
    }

    /// <summary>Applies, then kills its own backend before the daemon's checkpoint can commit — once.</summary>
    private sealed class CrashOnce(IProjection inner, int crashOnCall) : IProjection
    {
        private int _calls;
        public bool Crashed { get; private set; }
        public string Name => inner.Name;
        public int Version => inner.Version;
        public Task CreateAsync(NpgsqlConnection connection, string tableSet, CancellationToken cancellationToken) => inner.CreateAsync(connection, tableSet, cancellationToken);

        public async Task ApplyAsync(NpgsqlConnection connection, string tableSet, ProjectionBatch events, CancellationToken cancellationToken)
        {
            await inner.ApplyAsync(connection, tableSet, events, cancellationToken);
            if (++_calls != crashOnCall || Crashed) return;
            Crashed = true;
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pg_backend_pid())", connection);
            await kill.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Throws on the events of one interaction until fixed.</summary>
    private sealed class FailOn(IProjection inner, Guid interaction) : IProjection
    {
        public bool Fixed { get; set; }
        public string Name => inner.Name;
        public int Version => inner.Version;
        public Task CreateAsync(NpgsqlConnection connection, string tableSet, CancellationToken cancellationToken) => inner.CreateAsync(connection, tableSet, cancellationToken);

        public Task ApplyAsync(NpgsqlConnection connection, string tableSet, ProjectionBatch events, CancellationToken cancellationToken)
        {
            if (!Fixed && events.Any(e => e.Event is InteractionEvent i && i.InteractionId == interaction))
                throw new InvalidOperationException("poison event");
            return inner.ApplyAsync(connection, tableSet, events, cancellationToken);
        }
    }
}

public sealed class BulkImportHoldBackTests : ProjectionTestBase
{
    [Fact]
    public async Task The_daemon_holds_back_while_a_bulk_import_runs_and_catches_up_once_it_is_quiet()
    {
        await History.ConversationAsync(5);
        // A quiet period longer than any one import batch takes on a loaded CI machine: the batches below must read as
        // one running import (with the default 500 ms a slow batch would legitimately let the runner apply).
        var quiet = TimeSpan.FromSeconds(3);
        var log = new RecordingLogger();
        var runner = new ProjectionRunner(Store, new TransactionsProjection(), "transactions_v1", log) { BulkQuietPeriod = quiet };
        await EnsureSchemaAsync();
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => runner.RunAsync(stop.Token));
        var before = (await Store.ReadHeadAsync()).Position;
        (await Eventually(() => Task.FromResult(runner.Checkpoint), c => c >= before)).ShouldBe(before);

        // An import arriving in batches, as `ledger import` sends them: the projection must not chase it.
        var checkpoints = new List<long>();
        var gaps = new List<TimeSpan>();
        var firstHead = 0L;
        for (var batch = 0; batch < 8; batch++)
        {
            var sent = System.Diagnostics.Stopwatch.StartNew();
            await Store.BulkImportAsync(Events(batch));
            if (batch == 0) firstHead = (await Store.ReadHeadAsync()).Position;
            await Task.Delay(150);
            checkpoints.Add(runner.Checkpoint);
            gaps.Add(sent.Elapsed);
        }
        var head = (await Store.ReadHeadAsync()).Position;
        gaps.ShouldAllBe(g => g < quiet, "an import batch took longer than the quiet period: the test cannot tell holding back from applying");
        // The first batch can race its own notice (the runner read the log between the commit and the NOTIFY's
        // arrival); after that the checkpoint must stand still while batches keep coming.
        checkpoints.ShouldAllBe(c => c <= firstHead, log.ToString());

        var started = System.Diagnostics.Stopwatch.StartNew();
        (await Eventually(() => Task.FromResult(runner.Checkpoint), c => c >= head, seconds: 20))
            .ShouldBe(head, $"runner {run.Status} {run.Exception?.GetBaseException().Message}; its log:{Environment.NewLine}{log}");
        started.Elapsed.ShouldBeGreaterThan(quiet / 2);

        // Ordinary appends and small bulk writes are not held back.
        await History.ConversationAsync(1);
        await Store.BulkImportAsync(Small());
        var next = (await Store.ReadHeadAsync()).Position;
        (await Eventually(() => Task.FromResult(runner.Checkpoint), c => c == next, seconds: 5)).ShouldBe(next);
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => run);
    }

    private static async IAsyncEnumerable<(string, EventData)> Events(int batch)
    {
        for (var i = 0; i < ProjectionRunner.HoldBackFromEvents; i++)
            yield return ($"imported-{batch}-{i % 20}", new EventData(Guid.NewGuid(), "note-imported", "{\"n\": 1}"u8.ToArray(), new EventMetadata("importer", History.Start)));
        await Task.CompletedTask;
    }

    private static async IAsyncEnumerable<(string, EventData)> Small()
    {
        yield return ("imported-small", new EventData(Guid.NewGuid(), "note-imported", "{\"n\": 1}"u8.ToArray(), new EventMetadata("importer", History.Start)));
        await Task.CompletedTask;
    }
}

public sealed class ListenTimeoutTests : ProjectionTestBase
{
    [Fact]
    public async Task A_wait_for_less_than_a_millisecond_still_returns_instead_of_waiting_forever()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var left = TimeSpan.FromTicks(5_000); // 0.5 ms: what is left of a quiet period an instant before it ends
        ProjectionRunner.ListenTimeout(left).ShouldBeGreaterThanOrEqualTo(left);
        ProjectionRunner.ListenTimeout(left).ShouldBe(TimeSpan.FromMilliseconds(1));
        ProjectionRunner.ListenTimeout(TimeSpan.FromMilliseconds(2.2)).ShouldBe(TimeSpan.FromMilliseconds(3));

        // Nothing is ever notified on this connection: only the timeout can end the wait.
        var wait = connection.WaitAsync(ProjectionRunner.ListenTimeout(left));
        (await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(5)))).ShouldBe(wait, "the wait returned by its timeout");
        (await wait).ShouldBeFalse();
    }

    [Fact]
    public async Task Npgsql_reads_a_sub_millisecond_timeout_as_no_timeout_which_is_why_the_runner_rounds_up()
    {
        // Pins the library behaviour the rounding guards against; if Npgsql changes it, this test says so.
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        using var stop = new CancellationTokenSource();
        var wait = connection.WaitAsync(TimeSpan.FromTicks(5_000), stop.Token);
        (await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(2)))).ShouldNotBe(wait, "a 0.5 ms wait is still waiting after 2 s");
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => wait);
    }
}
