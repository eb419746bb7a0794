using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Ledger.Projections.Daemon;
using Ledger.Projections.Serialization;
using Ledger.Projections.Transactions;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ledger.Projections.Tests.Daemon;

/// <summary>
/// How a table set catches up: in ranges of positions read ahead of the apply, with the fold's state kept between
/// batches, and the interaction index created by the first correction that needs to read an interaction back. Every
/// path must end with exactly the facts of a build in one default pass.
/// </summary>
public sealed class CatchUpTests : ProjectionTestBase
{
    /// <summary>Conversations, then corrections of interactions recorded long before them (so they span batches).</summary>
    private async Task WriteHistoryWithLateCorrectionsAsync()
    {
        for (var i = 0; i < 6; i++) await History.ConversationAsync(4);
        await History.VoidAsync(History.Conversations[0], History.Interactions[0]);
        await History.ReclassifyAsync(History.Conversations[1], History.Interactions[5], new InformationalPayload(InformationKind.Answer, "pricing"));
        await History.ConversationAsync(3);
        await History.ReclassifyAsync(History.Conversations[2], History.Interactions[9], new EmotionalPayload(EmotionalSignal.Gratitude, 0.5m, 3));
        await History.VoidAsync(History.Conversations[2], History.Interactions[9]);
    }

    [Fact]
    public async Task Small_batches_read_ahead_end_with_the_facts_of_a_build_in_one_pass()
    {
        var (head, expected) = await HistoryAndOnePassBuildAsync();

        // Seven positions per batch: every batch is a catch-up batch, so each one's successor is read ahead.
        var runner = new ProjectionRunner(Store, new TransactionsProjection(), "small", NullLogger.Instance) { CatchUpBatchSize = 7 };
        var checkpoints = new List<long>();
        runner.Advanced += checkpoints.Add;
        await runner.RunAsync(CancellationToken.None, stopAt: head);

        (await FactsAsync("small")).ShouldBe(expected);
        checkpoints.Count.ShouldBeGreaterThan(5);
        checkpoints.ShouldBe(checkpoints.Order().ToList());
        checkpoints[^1].ShouldBe(head);
    }

    [Fact]
    public async Task A_build_that_keeps_its_state_from_position_0_never_needs_the_interaction_index()
    {
        await WriteHistoryWithLateCorrectionsAsync();
        var head = (await Store.ReadHeadAsync()).Position;
        await EnsureSchemaAsync();

        var runner = new ProjectionRunner(Store, new TransactionsProjection(), "warm", NullLogger.Instance) { CatchUpBatchSize = 7 };
        await runner.RunAsync(CancellationToken.None, stopAt: head);

        (await FactsAsync("warm")).Count(f => f.Split('|')[2] == "-1").ShouldBe(4);   // every correction reversed a fact...
        (await InteractionIndexExistsAsync("warm")).ShouldBeFalse();                     // ...from the kept state alone
    }

    [Fact]
    public async Task A_cold_continuation_reads_corrected_interactions_back_through_the_index_it_creates()
    {
        var (head, expected) = await HistoryAndOnePassBuildAsync();

        // As after a restart: one projection instance builds the first part, a new one (nothing kept) the rest.
        var correctionsStart = await FirstCorrectionPositionAsync();
        await BuildAsync(new TransactionsProjection(), "restarted", correctionsStart - 1);
        (await InteractionIndexExistsAsync("restarted")).ShouldBeFalse();
        await BuildAsync(new TransactionsProjection(), "restarted", head);

        (await FactsAsync("restarted")).ShouldBe(expected);
        (await InteractionIndexExistsAsync("restarted")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_state_trimmed_at_every_batch_still_folds_like_a_build_in_one_pass()
    {
        var (head, expected) = await HistoryAndOnePassBuildAsync();

        var trimmed = new ProjectionRunner(Store, new TransactionsProjection { MaxWarmEntries = 2 }, "trimmed", NullLogger.Instance) { CatchUpBatchSize = 5 };
        await trimmed.RunAsync(CancellationToken.None, stopAt: head);

        (await FactsAsync("trimmed")).ShouldBe(expected);
    }

    [Fact]
    public async Task The_checkpoint_reaches_the_head_when_the_log_ends_with_events_the_projection_does_not_fold()
    {
        var conversation = await History.ConversationAsync(3);
        await History.AppendAsync(StreamIds.Conversation(conversation), new ConversationClosed(conversation, ConversationOutcome.Resolved, History.Start.AddDays(2)));
        var head = (await Store.ReadHeadAsync()).Position;
        TransactionFolder.FoldedTypes.ShouldNotContain(typeof(ConversationClosed));
        await EnsureSchemaAsync();

        // Catching up to a given position...
        var runner = new ProjectionRunner(Store, new TransactionsProjection(), "to_head", NullLogger.Instance);
        await runner.RunAsync(CancellationToken.None, stopAt: head);
        runner.Checkpoint.ShouldBe(head);

        // ...and following the log: an event nobody folds still moves the checkpoint (lag goes back to zero).
        using var stop = new CancellationTokenSource();
        var following = new ProjectionRunner(Store, new TransactionsProjection(), "to_head", NullLogger.Instance);
        var run = Task.Run(() => following.RunAsync(stop.Token));
        await History.AppendAsync(StreamIds.Conversation(conversation), new ConversationReopened(conversation, History.Start.AddDays(3)));
        var newHead = (await Store.ReadHeadAsync()).Position;
        (await Eventually(() => Task.FromResult(following.Checkpoint), c => c >= newHead)).ShouldBe(newHead);
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public void A_batch_split_one_event_at_a_time_covers_the_same_positions()
    {
        DecodedEvent At(long position) => new(position, Guid.NewGuid(), "test", null);
        var batch = new ProjectionBatch(10, 20, [At(12), At(15), At(18)]);

        var singles = batch.OnePerEvent().ToList();

        singles.Select(b => (b.After, b.To)).ShouldBe([(10L, 12L), (12L, 15L), (15L, 20L)]);
        singles.Select(b => b.Single().Position).ShouldBe([12L, 15L, 18L]);
    }

    /// <summary>Writes the history, then builds it in one default pass: what every other way of catching up must equal.</summary>
    private async Task<(long Head, List<string> Facts)> HistoryAndOnePassBuildAsync()
    {
        await WriteHistoryWithLateCorrectionsAsync();
        var head = (await Store.ReadHeadAsync()).Position;
        await EnsureSchemaAsync();
        return (head, await BuildAsync(new TransactionsProjection(), "one_pass", head));
    }

    private async Task<List<string>> BuildAsync(TransactionsProjection projection, string tableSet, long upTo)
    {
        var runner = new ProjectionRunner(Store, projection, tableSet, NullLogger.Instance);
        await runner.RunAsync(CancellationToken.None, stopAt: upTo);
        return await FactsAsync(tableSet);
    }

    private async Task<long> FirstCorrectionPositionAsync()
    {
        await foreach (var e in Store.ReadAllAsync())
        {
            if (e.EventType is "interaction-voided" or "interaction-reclassified") return e.Position;
        }
        throw new InvalidOperationException("No correction in the history.");
    }

    private async Task<bool> InteractionIndexExistsAsync(string tableSet)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_indexes WHERE schemaname = 'ledger_read' AND indexname = $1", connection);
        command.Parameters.AddWithValue($"{tableSet}_facts_interaction");
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }
}
