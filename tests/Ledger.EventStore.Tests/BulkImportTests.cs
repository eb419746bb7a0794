using Ledger.Testing;

namespace Ledger.EventStore.Tests;

public sealed class BulkImportTests(DatabaseFixture database) : StoreTestBase(database)
{
    private static async IAsyncEnumerable<(string, EventData)> Source(IEnumerable<(string, EventData)> items)
    {
        foreach (var item in items) yield return item;
        await Task.CompletedTask;
    }

    private static List<(string Stream, EventData Event)> History(int count, int streams) =>
        Enumerable.Range(0, count).Select(i => ($"import-{i % streams}", Event(json: $$"""{"i": {{i}}, "amount": {{i}}.50}"""))).ToList();

    [Fact]
    public async Task Imports_history_chained_and_gap_free_after_existing_events_in_chunks()
    {
        await Store.AppendAsync("import-0", ExpectedVersion.NoStream, [Event()]);
        var store = await OpenStoreAsync(new EventStoreOptions { BulkChunkSize = 7 });
        var history = History(50, 4);

        var result = await store.BulkImportAsync(Source(history));

        result.ShouldBe(new BulkImportResult(50, 0, 2, 51));
        var all = await AllAsync();
        all.Select(e => e.Position).ShouldBe(Enumerable.Range(1, 51).Select(i => (long)i));
        all.Where(e => e.StreamId == "import-0").Select(e => e.StreamVersion).ShouldBe(Enumerable.Range(1, 14).Select(i => (long)i));
        (await store.VerifyAsync()).ShouldBe(Verification.VerificationResult.Ok(51, (await store.ReadHeadAsync()).HashHex, 51));
        // The group-commit path continues the same chain after a bulk import.
        await Store.AppendAsync("import-1", ExpectedVersion.Exactly(13), [Event()]);
        (await Store.VerifyAsync()).VerifiedUpTo.ShouldBe(52);
    }

    [Fact]
    public async Task Re_running_an_import_writes_nothing_twice_and_resumes_an_interrupted_one()
    {
        var store = await OpenStoreAsync(new EventStoreOptions { BulkChunkSize = 10 });
        var history = History(40, 3);
        await store.BulkImportAsync(Source(history.Take(25)));   // "interrupted" after 25

        var resumed = await store.BulkImportAsync(Source(history));
        var again = await store.BulkImportAsync(Source(history));

        resumed.Imported.ShouldBe(15);
        resumed.Skipped.ShouldBe(25);
        again.Imported.ShouldBe(0);
        again.Skipped.ShouldBe(40);
        (await CountEventsAsync()).ShouldBe(40);
        (await store.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task An_import_reusing_an_id_for_other_content_is_refused()
    {
        var id = Guid.NewGuid();
        await Store.AppendAsync("s", ExpectedVersion.Any, [Event(json: """{"v": 1}""", id: id)]);
        await Should.ThrowAsync<IdempotencyConflictException>(() => Store.BulkImportAsync(Source([("s", Event(json: """{"v": 2}""", id: id))])));
        (await CountEventsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task A_malformed_event_aborts_its_chunk_without_writing_it()
    {
        var items = History(5, 1);
        items.Add(("import-0", Event(json: "[]")));
        await Should.ThrowAsync<InvalidAppendException>(() => Store.BulkImportAsync(Source(items)));
        (await CountEventsAsync()).ShouldBe(0);
    }
}
