using Ledger.Testing;

namespace Ledger.EventStore.Tests;

public sealed class TimeTravelTests(DatabaseFixture database) : StoreTestBase(database)
{
    private static List<string> Fold(List<string> state, StoredEvent e) => [.. state, e.Data];

    [Fact]
    public async Task Folds_a_stream_as_it_stood_at_a_global_position()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event(json: """{"step": 1}""")]);
        var middle = await Store.AppendAsync(NewStream(), ExpectedVersion.NoStream, [Event()]);
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [Event(json: """{"step": 2}""")]);
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(2), [Event(json: """{"step": 3}""")]);

        var (then, thenVersion) = await Store.AggregateStreamAsync(stream, new List<string>(), Fold, asOfPosition: middle.LastPosition);
        var (now, nowVersion) = await Store.AggregateStreamAsync(stream, new List<string>(), Fold);

        then.ShouldBe(["""{"step": 1}"""]);
        thenVersion.ShouldBe(1);
        now.Count.ShouldBe(3);
        nowVersion.ShouldBe(3);
        (await Store.StreamVersionAsync(stream, asOfPosition: 3)).ShouldBe(2);
    }

    [Fact]
    public async Task Folds_a_stream_as_it_stood_at_a_moment()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var store = await OpenStoreAsync(new EventStoreOptions { Clock = clock });
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [Event(json: """{"step": 1}""")]);
        clock.Now = clock.Now.AddHours(1);
        await store.AppendAsync(stream, ExpectedVersion.Any, [Event(json: """{"step": 2}""")]);
        clock.Now = clock.Now.AddHours(1);
        await store.AppendAsync(stream, ExpectedVersion.Any, [Event(json: """{"step": 3}""")]);

        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        (await store.PositionAtAsync(start.AddMinutes(-1))).ShouldBe(0);
        (await store.PositionAtAsync(start)).ShouldBe(1);
        (await store.PositionAtAsync(start.AddMinutes(90))).ShouldBe(2);
        (await store.PositionAtAsync(start.AddDays(1))).ShouldBe(3);
        var (state, version) = await store.AggregateStreamAsync(stream, new List<string>(), Fold, start.AddMinutes(61));
        state.ShouldBe(["""{"step": 1}""", """{"step": 2}"""]);
        version.ShouldBe(2);
    }

    [Fact]
    public async Task Reads_a_stream_backwards_from_a_version()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Event(), Event(), Event(), Event()]);
        var versions = new List<long>();
        await foreach (var e in Store.ReadStreamAsync(stream, 3, ReadDirection.Backwards)) versions.Add(e.StreamVersion);
        versions.ShouldBe([3, 2, 1]);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
