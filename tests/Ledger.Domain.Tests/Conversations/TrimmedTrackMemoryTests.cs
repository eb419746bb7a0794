using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Ledger.Domain.Tests.Support;
using static Ledger.Domain.Tests.Support.Samples;

namespace Ledger.Domain.Tests.Conversations;

/// <summary>Alone in its collection: other tests allocating in parallel would blur the retained-heap measurement.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DomainMemoryCollection
{
    public const string Name = "domain memory";
}

/// <summary>What a long conversation's trimmed state costs in memory (the decider cache keeps thousands of them).</summary>
[Collection(DomainMemoryCollection.Name)]
public class TrimmedTrackMemoryTests
{
    [Fact]
    public void A_conversation_of_100_000_interactions_holds_well_under_20_MB()
    {
        // Measured on .NET 10: about 140 bytes an interaction (the full events took ~840). The bound leaves room for
        // runtime differences while a return to keeping events (~85 MB) fails by far.
        const int count = 100_000;
        var random = new Random(7);
        var before = Retained();
        var state = ConversationDecider.Evolve(ConversationDecider.Initial, Opened());
        for (var i = 0; i < count; i++)
        {
            // Events shaped like the soak's, each garbage once folded (as when a stream is read).
            var hash = Convert.ToHexStringLower([.. BitConverter.GetBytes(random.NextInt64()), .. new byte[24]]);
            state = ConversationDecider.Evolve(state, new InteractionRecorded(ConversationId, Guid.NewGuid(), Alice, [Bob], T0.AddSeconds(i), hash,
                new SourceRef("reliability", $"reliability-{Guid.NewGuid():N}"), Revenue(1 + i % 997), Manual));
        }

        var held = Retained() - before;

        ((ConversationState.Started)state).Track.Interactions.Count.ShouldBe(count);
        held.ShouldBeLessThan(20L * 1024 * 1024, $"{held / count} bytes an interaction");
        TrimmedTracks.ApproximateBytes(state).ShouldBeGreaterThan(held / 2, "the cache's estimate is of the right size");
        GC.KeepAlive(state);
    }

    private static long Retained()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
