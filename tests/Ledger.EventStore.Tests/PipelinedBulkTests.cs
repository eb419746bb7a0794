using Ledger.Testing;
using Npgsql;

namespace Ledger.EventStore.Tests;

/// <summary>
/// A bulk batch started behind another (<see cref="EventStore.StartBulkImport"/>) copies its rows while that one is
/// still being written and commits after it: the log must be exactly what writing them one after the other gives.
/// </summary>
public sealed class PipelinedBulkTests(DatabaseFixture database) : StoreTestBase(database)
{
    private static List<(string Stream, EventData Event)> Batch(int count, int streams, int offset) =>
        Enumerable.Range(offset, count).Select(i => ($"pipe-{i % streams}", Event(json: $$"""{"i": {{i}}}"""))).ToList();

    [Fact]
    public async Task A_batch_behind_another_lands_after_it_with_its_streams_continued()
    {
        await Store.AppendAsync("pipe-0", ExpectedVersion.NoStream, [Event()]);
        var first = Store.PrepareBulk(Batch(300, 5, 0));
        var second = Store.PrepareBulk(Batch(200, 5, 300));

        var writingFirst = Store.StartBulkImport(first, after: null);
        var writingSecond = Store.StartBulkImport(second, writingFirst);
        var (a, b) = (await writingFirst.Completion, await writingSecond.Completion);

        a.ShouldBe(new BulkImportResult(300, 0, 2, 301));
        b.ShouldBe(new BulkImportResult(200, 0, 302, 501));
        Store.BulkCounters.Pipelined.ShouldBe(1, "the second batch was copied behind the first and committed as planned");
        Store.BulkCounters.Replanned.ShouldBe(0);
        var all = await AllAsync();
        all.Select(e => e.Position).ShouldBe(Enumerable.Range(1, 501).Select(i => (long)i));
        foreach (var stream in all.GroupBy(e => e.StreamId))
            stream.Select(e => e.StreamVersion).ShouldBe(Enumerable.Range(1, stream.Count()).Select(i => (long)i), $"versions of {stream.Key}");
        all.Skip(1).Select(e => e.Data).ShouldBe(Batch(500, 5, 0).Select(e => System.Text.Encoding.UTF8.GetString(e.Event.Data.Span)));
        (await Store.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task A_chain_of_batches_started_at_once_is_written_in_order()
    {
        var batches = Enumerable.Range(0, 6).Select(n => Store.PrepareBulk(Batch(50, 7, n * 50))).ToList();

        PendingBulkImport? previous = null;
        var pending = new List<PendingBulkImport>();
        foreach (var batch in batches) pending.Add(previous = Store.StartBulkImport(batch, previous));
        var results = await Task.WhenAll(pending.Select(p => p.Completion));

        results.Select(r => r.FirstPosition).ShouldBe([1L, 51, 101, 151, 201, 251]);
        Store.BulkCounters.Pipelined.ShouldBe(5);
        var all = await AllAsync();
        foreach (var stream in all.GroupBy(e => e.StreamId))
            stream.Select(e => e.StreamVersion).ShouldBe(Enumerable.Range(1, stream.Count()).Select(i => (long)i));
        (await Store.VerifyAsync()).VerifiedUpTo.ShouldBe(300);
    }

    [Fact]
    public async Task A_batch_behind_one_that_fails_fails_too_and_writes_nothing()
    {
        var reused = Guid.NewGuid();
        await Store.AppendAsync("pipe-0", ExpectedVersion.Any, [Event(json: """{"v": 1}""", id: reused)]);
        var failing = Batch(20, 2, 0);
        failing.Add(("pipe-0", Event(json: """{"v": 2}""", id: reused))); // the id again, with other content
        var writingFirst = Store.StartBulkImport(Store.PrepareBulk(failing), after: null);
        var writingSecond = Store.StartBulkImport(Store.PrepareBulk(Batch(20, 2, 100)), writingFirst);

        await Should.ThrowAsync<IdempotencyConflictException>(() => writingFirst.Completion);
        var refused = await Should.ThrowAsync<BulkPredecessorFailedException>(() => writingSecond.Completion);

        refused.InnerException.ShouldBeOfType<IdempotencyConflictException>();
        (await CountEventsAsync()).ShouldBe(1);
        (await Store.ReadHeadAsync()).Position.ShouldBe(1);
    }

    [Fact]
    public async Task A_batch_planned_on_a_plan_its_predecessor_did_not_keep_is_written_again_serially()
    {
        // The first batch repeats an event already stored: its first plan counts it, what it writes does not.
        var history = Batch(30, 3, 0);
        await Store.BulkImportAsync(Store.PrepareBulk(history.Take(1).ToList()));
        var writingFirst = Store.StartBulkImport(Store.PrepareBulk(history), after: null);
        var writingSecond = Store.StartBulkImport(Store.PrepareBulk(Batch(30, 3, 30)), writingFirst);

        var (a, b) = (await writingFirst.Completion, await writingSecond.Completion);

        (a.Imported, a.Skipped).ShouldBe((29L, 1L));
        b.ShouldBe(new BulkImportResult(30, 0, 31, 60));
        Store.BulkCounters.Replanned.ShouldBe(1, "the second batch's head check must have caught the changed plan");
        var all = await AllAsync();
        all.Select(e => e.Position).ShouldBe(Enumerable.Range(1, 60).Select(i => (long)i));
        foreach (var stream in all.GroupBy(e => e.StreamId))
            stream.Select(e => e.StreamVersion).ShouldBe(Enumerable.Range(1, stream.Count()).Select(i => (long)i));
        (await Store.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task A_batch_whose_head_lock_is_taken_by_another_writer_waits_for_it_then_writes_serially()
    {
        var writingFirst = Store.StartBulkImport(Store.PrepareBulk(Batch(10, 2, 0)), after: null);
        await writingFirst.Completion;
        await using var other = new NpgsqlConnection(ConnectionString);
        await other.OpenAsync();
        await using var holding = await other.BeginTransactionAsync();
        await using (var lockHead = new NpgsqlCommand($"SELECT position FROM {Schema}.head WHERE id = 1 FOR UPDATE", other, holding))
            await lockHead.ExecuteScalarAsync();

        var writingSecond = Store.StartBulkImport(Store.PrepareBulk(Batch(10, 2, 10)), writingFirst);
        await Task.Delay(500);
        writingSecond.Completion.IsCompleted.ShouldBeFalse("the head is locked by another writer");
        await holding.RollbackAsync();
        var b = await writingSecond.Completion;

        b.ShouldBe(new BulkImportResult(10, 0, 11, 20));
        Store.BulkCounters.Replanned.ShouldBe(1, "NOWAIT found the lock taken: the copied rows were rolled back, not waited on");
        (await Store.VerifyAsync()).VerifiedUpTo.ShouldBe(20);
    }

    [Fact]
    public async Task Ordinary_appends_racing_a_pipelined_import_lose_nothing_and_deadlock_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var batches = Enumerable.Range(0, 12).Select(n => Store.PrepareBulk(Batch(150, 9, n * 150))).ToList();
        var importing = true;
        var appended = 0;
        var appenders = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            var stream = $"racer-{w}";
            for (var version = 0L; Volatile.Read(ref importing); version++)
            {
                await Store.AppendAsync(stream, ExpectedVersion.Exactly(version), [Event()], timeout.Token);
                Interlocked.Increment(ref appended);
            }
        })).ToList();

        PendingBulkImport? previous = null;
        var pending = new List<PendingBulkImport>();
        foreach (var batch in batches) pending.Add(previous = Store.StartBulkImport(batch, previous, timeout.Token)); // all in flight
        var results = await Task.WhenAll(pending.Select(p => p.Completion)).WaitAsync(timeout.Token);
        Volatile.Write(ref importing, false);
        await Task.WhenAll(appenders).WaitAsync(timeout.Token);

        results.Sum(r => r.Imported).ShouldBe(1_800);
        results.Select(r => r.FirstPosition).ShouldBeInOrder(SortDirection.Ascending);
        appended.ShouldBeGreaterThan(0);
        Store.BulkCounters.Replanned.ShouldBeGreaterThan(0, "the racers must have made some batch write again");
        var all = await AllAsync();
        all.Count.ShouldBe(1_800 + appended);
        all.Select(e => e.Position).ShouldBe(Enumerable.Range(1, all.Count).Select(i => (long)i));
        foreach (var stream in all.GroupBy(e => e.StreamId))
            stream.Select(e => e.StreamVersion).ShouldBe(Enumerable.Range(1, stream.Count()).Select(i => (long)i), $"versions of {stream.Key}");
        all.Where(e => e.StreamId.StartsWith("pipe-", StringComparison.Ordinal)).Select(e => e.Data)
            .ShouldBe(Batch(1_800, 9, 0).Select(e => System.Text.Encoding.UTF8.GetString(e.Event.Data.Span)), "the import keeps its order");
        (await Store.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task A_batch_behind_another_reads_the_versions_of_streams_its_predecessor_did_not_write()
    {
        foreach (var stream in new[] { "old-0", "old-1" })
            await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event(), Event(), Event()]);
        var writingFirst = Store.StartBulkImport(Store.PrepareBulk(Batch(20, 4, 0)), after: null);
        var touchingOld = Enumerable.Range(0, 10).Select(i => ($"old-{i % 2}", Event(json: $$"""{"o": {{i}}}"""))).ToList();
        var writingSecond = Store.StartBulkImport(Store.PrepareBulk(touchingOld), writingFirst);
        var writingThird = Store.StartBulkImport(Store.PrepareBulk(touchingOld.Select(e => (e.Item1, Event(json: "{}"))).ToList()), writingSecond);

        await Task.WhenAll(writingFirst.Completion, writingSecond.Completion, writingThird.Completion);

        Store.BulkCounters.Pipelined.ShouldBe(2, "taking old-0 and old-1 for new streams would have collided with their stored versions");
        Store.BulkCounters.Replanned.ShouldBe(0);
        var all = await AllAsync();
        all.Select(e => e.Position).ShouldBe(Enumerable.Range(1, 46).Select(i => (long)i));
        foreach (var stream in new[] { "old-0", "old-1" })
            all.Where(e => e.StreamId == stream).Select(e => e.StreamVersion).ShouldBe(Enumerable.Range(1, 13).Select(i => (long)i));
        (await Store.VerifyAsync()).Intact.ShouldBeTrue();
    }
}
