using Ledger.Api.Commands;

namespace Ledger.Api.Tests;

public sealed class StateCacheTests
{
    [Fact]
    public void Never_holds_more_streams_than_its_bound()
    {
        var cache = new StateCache(maxEntries: 10, maxBytes: long.MaxValue);
        for (var i = 0; i < 1_000; i++)
        {
            cache.Set($"s{i}", i, 1, 1);
            cache.Count.ShouldBeLessThanOrEqualTo(10);
        }

        cache.TryGet("s999", out _, out _).ShouldBeTrue();
        cache.TryGet("s989", out _, out _).ShouldBeFalse();
    }

    [Fact]
    public void Never_holds_more_bytes_than_its_bound_and_keeps_no_state_heavier_than_it()
    {
        var cache = new StateCache(maxEntries: 1_000, maxBytes: 10_000);
        var random = new Random(3);
        for (var i = 0; i < 5_000; i++)
        {
            cache.Set($"s{random.Next(200)}", i, i + 1, random.Next(1, 3_000));
            cache.Bytes.ShouldBeLessThanOrEqualTo(10_000);
        }

        cache.Set("huge", "state", 1, 10_001);
        cache.TryGet("huge", out _, out _).ShouldBeFalse();
    }

    [Fact]
    public void Evicts_the_least_recently_used_first()
    {
        var cache = new StateCache(maxEntries: 3, maxBytes: long.MaxValue);
        cache.Set("a", "A", 1, 1);
        cache.Set("b", "B", 1, 1);
        cache.Set("c", "C", 1, 1);
        cache.TryGet("a", out _, out _).ShouldBeTrue();
        cache.Set("d", "D", 1, 1);

        cache.TryGet("b", out _, out _).ShouldBeFalse();
        cache.TryGet("a", out var a, out _).ShouldBeTrue();
        a.ShouldBe("A");
    }

    [Fact]
    public void Keeps_the_newest_version_of_a_stream_and_its_weight_once()
    {
        var cache = new StateCache(maxEntries: 10, maxBytes: 1_000);
        cache.Set("s", "v2", 2, 100);
        cache.Set("s", "v1", 1, 100);
        cache.TryGet("s", out var state, out var version).ShouldBeTrue();
        (state, version).ShouldBe(("v2", 2L));
        cache.Set("s", "v3", 3, 300);
        cache.Bytes.ShouldBe(300);
        cache.Remove("s");
        (cache.Count, cache.Bytes).ShouldBe((0, 0L));
    }

    [Fact]
    public void The_executor_bounds_its_cache_to_the_documented_figures()
    {
        CommandExecutor.MaxCachedStreams.ShouldBe(50_000);
        CommandExecutor.MaxCachedBytes.ShouldBe(64L * 1024 * 1024);
    }
}
