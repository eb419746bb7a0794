using System.Text.Json.Nodes;
using Ledger.Api.Commands;
using Ledger.Api.Tests.Harness;
using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests;

/// <summary>
/// A conversation longer than <see cref="Conversations.ConversationsApi.CachedInteractionsPerConversation"/> is cached
/// trimmed (its interactions dropped); every command on it then learns the interactions it names from the log. The
/// rules must hold exactly as on the whole state, and the cached state must stay small.
/// </summary>
public sealed class LongConversationTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task Decides_as_strictly_on_a_trimmed_cached_state_and_keeps_it_small()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var path = $"/api/conversations/{conversation}/interactions";
        var firstId = Guid.NewGuid();
        var first = Requests.Interaction(alice, bob, Requests.Monetary(10m), interactionId: firstId);
        await recorder.RecordInteractionAsync(conversation, first);
        var batch = Requests.Batch([.. Enumerable.Range(0, Conversations.ConversationsApi.CachedInteractionsPerConversation)
            .Select(i => Requests.Interaction(alice, bob, Requests.Monetary(1 + i)))]);
        var recorded = await (await recorder.PostJsonAsync($"{path}/batch", batch)).ShouldBeAsync(201);
        var version = recorded.GetProperty("version").GetInt64();

        var executor = factory.Services.GetRequiredService<CommandExecutor>();
        var cached = Cached(executor, conversation);
        cached.Track.Complete.ShouldBeFalse("a conversation beyond the limit is cached trimmed");
        TrimmedTracks.ApproximateBytes(cached).ShouldBeLessThan(16 * 1024);

        // The same interaction again: a no-op. The same id with other content: a conflict.
        var again = await (await recorder.PostJsonAsync(path, first.DeepClone())).ShouldBeAsync(201);
        again.GetProperty("version").GetInt64().ShouldBe(version);
        var changed = first.DeepClone().AsObject();
        changed["contentHash"] = Requests.RandomHash();
        (await (await recorder.PostJsonAsync(path, changed)).ShouldBeProblemAsync(409)).GetProperty("code").GetString().ShouldBe("interaction_already_recorded");

        // Reclassify (and the same again: a no-op), build on it, void it (twice), then it can be neither reclassified nor built on.
        var reclassify = new { payload = Requests.Informational("document", "contract"), reason = "was the contract", reclassifiedBy = alice };
        var afterReclassify = (await recorder.PostJsonAsync($"{path}/{firstId}/reclassify", reclassify)).ETag();
        (await recorder.PostJsonAsync($"{path}/{firstId}/reclassify", reclassify)).ETag().ShouldBe(afterReclassify);
        await recorder.RecordInteractionAsync(conversation, Requests.Interaction(alice, bob, Requests.Informational(buildsOn: firstId)));
        var afterVoid = (await recorder.PostJsonAsync($"{path}/{firstId}/void", new { reason = "twice", voidedBy = alice })).ETag();
        (await recorder.PostJsonAsync($"{path}/{firstId}/void", new { reason = "twice", voidedBy = alice })).ETag().ShouldBe(afterVoid);
        (await (await recorder.PostJsonAsync($"{path}/{firstId}/reclassify", reclassify)).ShouldBeProblemAsync(409))
            .GetProperty("code").GetString().ShouldBe("interaction_voided");
        (await (await recorder.PostJsonAsync(path, Requests.Interaction(alice, bob, Requests.Informational(buildsOn: firstId)))).ShouldBeProblemAsync(409))
            .GetProperty("code").GetString().ShouldBe("builds_on_not_informational");
        (await (await recorder.PostJsonAsync($"{path}/{Guid.NewGuid()}/void", new { reason = "typo", voidedBy = alice })).ShouldBeProblemAsync(404))
            .GetProperty("code").GetString().ShouldBe("interaction_not_found");

        // The view still shows every interaction in full, read from the log.
        var view = await recorder.ConversationAsync(conversation);
        view.GetProperty("interactions").GetArrayLength().ShouldBe(Conversations.ConversationsApi.CachedInteractionsPerConversation + 2);
        var shown = await recorder.InteractionViewAsync(conversation, firstId);
        shown.GetProperty("voided").GetBoolean().ShouldBeTrue();
        shown.GetProperty("kind").GetString().ShouldBe("informational");
        shown.GetProperty("contentHash").GetString().ShouldBe(first["contentHash"]!.GetValue<string>());
        Cached(executor, conversation).Track.Complete.ShouldBeFalse();
    }

    [Fact]
    public async Task Learning_the_interactions_of_a_command_goes_through_the_interaction_index_not_the_stream()
    {
        // A plan that scans the events (the partial index's predicate not provable, or the stream's index preferred)
        // made every command on a long conversation read all of it: the 30-minute soak fell from 1,000 to ~80 appends/s.
        await factory.RecorderAsync();
        var partial = Conversations.ConversationsApi.Decider.Partial.ShouldNotBeNull();
        await using var connection = new Npgsql.NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using (var off = new Npgsql.NpgsqlCommand("SET enable_seqscan = off", connection)) await off.ExecuteNonQueryAsync();
        await using var explain = new Npgsql.NpgsqlCommand("EXPLAIN " + CommandExecutor.LookupSql(partial.KeyProperty, partial.KeyedEventTypes), connection);
        explain.Parameters.Add(new Npgsql.NpgsqlParameter<string[]> { TypedValue = [Guid.NewGuid().ToString()] });
        explain.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = "conversation-x" });
        explain.Parameters.Add(new Npgsql.NpgsqlParameter<long> { TypedValue = 10 });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));

        string.Join('\n', plan).ShouldContain("events_interaction_id", customMessage: string.Join('\n', plan));
    }

    private static ConversationState.Started Cached(CommandExecutor executor, Guid conversation)
    {
        executor.Cache.TryGet(StreamIds.Conversation(conversation), out var state, out _).ShouldBeTrue();
        return state.ShouldBeOfType<ConversationState.Open>();
    }
}
