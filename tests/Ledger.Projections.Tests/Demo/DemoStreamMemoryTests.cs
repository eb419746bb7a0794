using Ledger.Projections.Demo;
using Xunit.Abstractions;

namespace Ledger.Projections.Tests.Demo;

/// <summary>Alone in its collection: other tests allocating in parallel would blur the heap measurements.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DemoMemoryCollection
{
    public const string Name = "demo memory";
}

/// <summary>
/// Streams 200k and 2M events, sampling the live heap (after a full collection) every 25k events. Measured on the
/// development machine: a peak of about 0.56 MB above the baseline at 200k and 1.3–1.4 MB at 2M (the window of open
/// conversations, ~2 KB each, plus the roster, which grows by 16 bytes a participant: ~0.25 MB at 2M); 2.6 MB at 10M
/// (1.3 MB of it the roster). The bound is ten times the 2M figure; ten times the events must cost less than four
/// times the memory (measured: 2.3 times).
/// </summary>
[Collection(DemoMemoryCollection.Name)]
public class DemoStreamMemoryTests(ITestOutputHelper output)
{
    private const long Bound = 14 * 1024 * 1024;
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Streaming_two_million_events_keeps_the_heap_small_and_independent_of_the_size()
    {
        var small = PeakAbove(200_000);
        var large = PeakAbove(2_000_000);
        output.WriteLine($"peak live heap above baseline: {small:N0} bytes at 200k events, {large:N0} bytes at 2M");

        large.ShouldBeLessThan(Bound, $"peak above baseline at 2M: {large:N0} bytes (200k: {small:N0})");
        large.ShouldBeLessThan(4 * Math.Max(small, 256 * 1024), $"peak above baseline at 2M: {large:N0} bytes, at 200k: {small:N0}");
    }

    private static long PeakAbove(long events)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;
        var count = 0L;
        var last = DateTimeOffset.MinValue;
        var inOrder = true;
        foreach (var (_, _, at) in DemoCompany.Stream(8, events, Start))
        {
            inOrder &= at >= last;
            last = at;
            if (++count % 25_000 == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        }
        count.ShouldBe(events);
        inOrder.ShouldBeTrue();
        return peak;
    }
}
