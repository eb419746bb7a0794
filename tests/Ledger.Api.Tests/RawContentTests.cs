using System.Text;
using Ledger.Api.Tests.Harness;
using Ledger.Testing;

namespace Ledger.Api.Tests;

/// <summary>
/// Raw message content may travel in a request only to be hashed: a unique marker sent as <c>content</c> must not be
/// found anywhere afterwards: not in any response, not in a pg_dump of the database, not in the log file.
/// </summary>
public sealed class RawContentTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task Content_is_hashed_and_never_persisted_logged_or_returned()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var core = $"MARKER-{Guid.NewGuid():N}";
        var marker = $"{core} ünïcode ✓";
        var expectedHash = Requests.Sha256Hex(marker);
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var responses = new StringBuilder();

        // Accepted: a single interaction, and a batch sent with an Idempotency-Key (whose response is stored) and retried.
        var single = await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions", Requests.Interaction(alice, bob, content: marker));
        responses.Append(await single.Content.ReadAsStringAsync());
        var id = (await single.ShouldBeAsync(201)).GetProperty("interactionIds")[0].GetGuid();
        var batch = Requests.Batch(Requests.Interaction(bob, alice), Requests.Interaction(alice, bob, Requests.Emotional(), content: marker + " again"));
        var key = Guid.NewGuid().ToString();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var batched = await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions/batch", batch, idempotencyKey: key);
            responses.Append(await batched.Content.ReadAsStringAsync());
            await batched.ShouldBeAsync(201);
        }

        // Refused: by validation (unknown currency), by the JSON reader (unknown enum), and by a rule (conversation closed).
        var invalid = await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions",
            Requests.Interaction(alice, bob, Requests.Monetary(currency: "QQQ"), content: marker), idempotencyKey: Guid.NewGuid().ToString());
        responses.Append(await invalid.Content.ReadAsStringAsync());
        (await invalid.ShouldBeValidationProblemAsync()).Keys.ShouldContain("interactions[0].payload.currency");
        var unreadable = await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions",
            Requests.Interaction(alice, bob, Requests.Monetary(direction: "sideways"), content: marker));
        responses.Append(await unreadable.Content.ReadAsStringAsync());
        await unreadable.ShouldBeValidationProblemAsync();
        var closed = await recorder.OpenConversationAsync(alice, bob);
        await (await recorder.PostJsonAsync($"/api/conversations/{closed}/close", new { outcome = "lost" })).ShouldBeAsync(200);
        var refused = await recorder.PostJsonAsync($"/api/conversations/{closed}/interactions", Requests.Interaction(alice, bob, content: marker));
        responses.Append(await refused.Content.ReadAsStringAsync());
        await refused.ShouldBeProblemAsync(409);

        // The hash is what the ledger keeps and shows.
        var view = await recorder.InteractionViewAsync(conversation, id);
        view.GetProperty("contentHash").GetString().ShouldBe(expectedHash);
        var conversationText = (await recorder.ConversationAsync(conversation)).GetRawText();
        var streamText = (await auditor.GetJsonAsync($"/api/ledger/streams/conversation-{conversation:N}")).GetRawText();
        var eventsText = (await auditor.GetJsonAsync("/api/ledger/events?after=0&limit=1000")).GetRawText();
        streamText.ShouldContain(expectedHash);
        foreach (var text in new[] { responses.ToString(), conversationText, streamText, eventsText })
            text.ShouldNotContain(core);

        // The database, every schema and table, as pg_dump sees it (bytea columns come out as hex).
        var dump = await PgDump.DumpAsync(factory.ConnectionString);
        PgDump.Occurrences(dump, Encoding.UTF8.GetBytes(expectedHash)).ShouldBeGreaterThan(0, "the dump should hold the events, hash included");
        foreach (var needle in Needles(marker, core))
            PgDump.Occurrences(dump, needle).ShouldBe(0, $"found {Encoding.UTF8.GetString(needle)} in the pg_dump");

        // The log file: it holds the requests (so it was written), but never the content.
        var log = await LogWithAsync("/interactions");
        log.ShouldNotBeNullOrWhiteSpace();
        var logBytes = Encoding.UTF8.GetBytes(log);
        foreach (var needle in Needles(marker, core))
            PgDump.Occurrences(logBytes, needle).ShouldBe(0, $"found {Encoding.UTF8.GetString(needle)} in the log file");
    }

    [Fact]
    public async Task A_client_computed_hash_is_kept_as_sent_in_lower_case()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var hash = Requests.Sha256Hex("some text the client hashed itself");
        var interaction = Requests.Interaction(alice, bob);
        interaction["contentHash"] = hash.ToUpperInvariant();

        var id = await recorder.RecordInteractionAsync(conversation, interaction);

        (await recorder.InteractionViewAsync(conversation, id)).GetProperty("contentHash").GetString().ShouldBe(hash);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    public async Task A_content_hash_that_is_not_sha256_hex_is_a_400(string hash)
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var interaction = Requests.Interaction(alice, bob);
        interaction["contentHash"] = hash;

        var errors = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/interactions", interaction)).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain(k => k.EndsWith("contentHash", StringComparison.Ordinal));
    }

    /// <summary>The marker as UTF-8, its ASCII core alone (catches escaped forms), and both as hex (bytea).</summary>
    private static IEnumerable<byte[]> Needles(string marker, string core)
    {
        foreach (var text in new[] { marker, core })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            yield return bytes;
            yield return Encoding.ASCII.GetBytes(Convert.ToHexStringLower(bytes));
            yield return Encoding.ASCII.GetBytes(Convert.ToHexString(bytes));
        }
    }

    /// <summary>The log file once it shows <paramref name="expected"/> (request lines are written as a request ends).</summary>
    private async Task<string> LogWithAsync(string expected)
    {
        var log = "";
        for (var attempt = 0; attempt < 50; attempt++)
        {
            log = await factory.ReadLogAsync();
            if (log.Contains(expected, StringComparison.Ordinal)) return log;
            await Task.Delay(100);
        }
        log.ShouldContain(expected, customMessage: "the log file never showed the requests");
        return log;
    }
}
