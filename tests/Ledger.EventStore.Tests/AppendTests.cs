using Ledger.Testing;

namespace Ledger.EventStore.Tests;

public sealed class AppendTests(DatabaseFixture database) : StoreTestBase(database)
{
    [Fact]
    public async Task Appends_events_with_gap_free_positions_and_stream_versions()
    {
        var a = NewStream();
        var b = NewStream();
        var first = await Store.AppendAsync(a, ExpectedVersion.NoStream, [Event(), Event()]);
        var second = await Store.AppendAsync(b, ExpectedVersion.Any, [Event()]);
        var third = await Store.AppendAsync(a, ExpectedVersion.Exactly(2), [Event()]);

        first.ShouldBe(new AppendResult(a, 2, 1, 2, false));
        second.ShouldBe(new AppendResult(b, 1, 3, 3, false));
        third.ShouldBe(new AppendResult(a, 3, 4, 4, false));
        var all = await AllAsync();
        all.Select(e => e.Position).ShouldBe([1, 2, 3, 4]);
        all.Where(e => e.StreamId == a).Select(e => e.StreamVersion).ShouldBe([1, 2, 3]);
        (await Store.ReadHeadAsync()).Position.ShouldBe(4);
    }

    [Fact]
    public async Task Stores_metadata_and_the_server_recording_time()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var id = Guid.NewGuid();
        await Store.AppendAsync(NewStream(), ExpectedVersion.Any,
            [EventData.FromJson(id, "thing-happened", """{"b": 1, "a": [1.50, "x"]}""", new EventMetadata("alice", new DateTimeOffset(2025, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)), "c-9", "cause-3"), 2)]);
        var stored = (await AllAsync()).Single();
        stored.EventId.ShouldBe(id);
        stored.EventType.ShouldBe("thing-happened");
        stored.SchemaVersion.ShouldBe(2);
        stored.Data.ShouldBe("""{"a": [1.50, "x"], "b": 1}""");
        stored.Actor.ShouldBe("alice");
        stored.CorrelationId.ShouldBe("c-9");
        stored.CausationId.ShouldBe("cause-3");
        stored.OccurredAt.ShouldBe(new DateTimeOffset(2025, 5, 6, 5, 8, 9, TimeSpan.Zero));
        stored.RecordedAt.ShouldBeGreaterThan(before);
        stored.Hash.Length.ShouldBe(32);
    }

    [Fact]
    public async Task Rejects_append_when_expected_version_is_stale_and_writes_nothing()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event(), Event()]);

        var error = await Should.ThrowAsync<ConcurrencyException>(() => Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [Event(), Event()]));
        error.StreamId.ShouldBe(stream);
        error.Expected.ShouldBe(ExpectedVersion.Exactly(1));
        error.ActualVersion.ShouldBe(2);
        await Should.ThrowAsync<ConcurrencyException>(() => Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]));
        await Should.ThrowAsync<ConcurrencyException>(() => Store.AppendAsync(NewStream(), ExpectedVersion.StreamExists, [Event()]));
        (await CountEventsAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task A_retry_with_the_same_event_ids_returns_the_original_result_and_writes_nothing()
    {
        var stream = NewStream();
        var events = new[] { Event(), Event() };
        var original = await Store.AppendAsync(stream, ExpectedVersion.NoStream, events);
        await Store.AppendAsync(stream, ExpectedVersion.Any, [Event()]);

        // The retry still says "no stream": it must not fail, it must return what the first call returned.
        var retry = await Store.AppendAsync(stream, ExpectedVersion.NoStream, events);

        retry.ShouldBe(original with { AlreadyApplied = true });
        (await CountEventsAsync()).ShouldBe(3);
    }

    [Fact]
    public async Task Rejects_the_same_event_id_with_different_content()
    {
        var id = Guid.NewGuid();
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.Any, [Event(json: """{"amount": 1}""", id: id)]);

        var error = await Should.ThrowAsync<IdempotencyConflictException>(
            () => Store.AppendAsync(stream, ExpectedVersion.Any, [Event(json: """{"amount": 2}""", id: id)]));
        error.EventId.ShouldBe(id);
        await Should.ThrowAsync<IdempotencyConflictException>(
            () => Store.AppendAsync(NewStream(), ExpectedVersion.Any, [Event(json: """{"amount": 1}""", id: id)]));
        (await CountEventsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task A_multi_event_append_that_fails_part_way_writes_none_of_its_events()
    {
        var taken = Guid.NewGuid();
        await Store.AppendAsync(NewStream(), ExpectedVersion.Any, [Event(json: """{"x": 1}""", id: taken)]);
        var stream = NewStream();

        // The third event reuses a stored id with other content: the first two must not land either.
        await Should.ThrowAsync<IdempotencyConflictException>(() => Store.AppendAsync(stream, ExpectedVersion.Any,
            [Event(), Event(), Event(json: """{"x": 2}""", id: taken)]));
        // The third event is malformed: refused before anything is sent.
        await Should.ThrowAsync<InvalidAppendException>(() => Store.AppendAsync(stream, ExpectedVersion.Any,
            [Event(), Event(), Event(json: "[1, 2]")]));

        (await CountEventsAsync()).ShouldBe(1);
        (await Store.StreamVersionAsync(stream)).ShouldBe(0);
    }

    [Fact]
    public async Task Concurrent_appends_to_one_stream_with_the_same_expected_version_let_exactly_one_win()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);

        var attempts = Enumerable.Range(0, 20)
            .Select(_ => Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [Event()]))
            .ToList();
        var outcomes = await Task.WhenAll(attempts.Select(async t =>
        {
            try { await t; return "ok"; }
            catch (ConcurrencyException) { return "conflict"; }
        }));

        outcomes.Count(o => o == "ok").ShouldBe(1);
        outcomes.Count(o => o == "conflict").ShouldBe(19);
        (await Store.StreamVersionAsync(stream)).ShouldBe(2);
    }

    [Fact]
    public async Task One_callers_stale_version_does_not_fail_the_others_committed_with_it()
    {
        var stale = NewStream();
        await Store.AppendAsync(stale, ExpectedVersion.NoStream, [Event()]);

        var good = Enumerable.Range(0, 30).Select(_ => Store.AppendAsync(NewStream(), ExpectedVersion.NoStream, [Event()])).ToList();
        var bad = Store.AppendAsync(stale, ExpectedVersion.NoStream, [Event()]);
        var moreGood = Enumerable.Range(0, 30).Select(_ => Store.AppendAsync(NewStream(), ExpectedVersion.Any, [Event(), Event()])).ToList();

        await Should.ThrowAsync<ConcurrencyException>(() => bad);
        (await Task.WhenAll(good)).ShouldAllBe(r => !r.AlreadyApplied);
        (await Task.WhenAll(moreGood)).Length.ShouldBe(30);
        (await CountEventsAsync()).ShouldBe(1 + 30 + 60);
        (await Store.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task Two_store_instances_appending_to_the_same_log_keep_it_gap_free_and_chained()
    {
        var other = await OpenStoreAsync();
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event()]);
        await other.AppendAsync(stream, ExpectedVersion.Any, [Event()]);    // other process: our cache is now stale
        await Store.AppendAsync(stream, ExpectedVersion.Any, [Event()]);
        await Should.ThrowAsync<ConcurrencyException>(() => other.AppendAsync(stream, ExpectedVersion.Exactly(2), [Event()]));
        await other.AppendAsync(stream, ExpectedVersion.Exactly(3), [Event()]);

        var all = await AllAsync();
        all.Select(e => e.Position).ShouldBe([1, 2, 3, 4]);
        all.Select(e => e.StreamVersion).ShouldBe([1, 2, 3, 4]);
        (await Store.VerifyAsync()).Intact.ShouldBeTrue();
    }
}
