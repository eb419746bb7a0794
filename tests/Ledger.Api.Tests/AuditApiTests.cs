using System.Text.Json;
using System.Text.RegularExpressions;
using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

public sealed partial class AuditApiTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();

    [Fact]
    public async Task Reads_a_stream_with_global_positions_and_hashes()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        await recorder.RecordInteractionAsync(conversation, Requests.Interaction(alice, bob));
        var streamId = $"conversation-{conversation:N}";

        var response = await auditor.GetAsync(new Uri($"/api/ledger/streams/{streamId}", UriKind.Relative));
        var stream = await response.ShouldBeAsync(200);

        response.ETag().ShouldBe("\"2\"");
        stream.GetProperty("streamId").GetString().ShouldBe(streamId);
        stream.GetProperty("version").GetInt64().ShouldBe(2);
        var events = stream.GetProperty("events").EnumerateArray().ToList();
        events.Select(e => e.GetProperty("streamVersion").GetInt64()).ShouldBe([1, 2]);
        events.Select(e => e.GetProperty("eventType").GetString()).ShouldBe(["conversation-opened", "interaction-recorded"]);
        var positions = events.Select(e => e.GetProperty("position").GetInt64()).ToList();
        positions[0].ShouldBeGreaterThan(0);
        positions[1].ShouldBeGreaterThan(positions[0]);
        events.ShouldAllBe(e => Sha256Hex().IsMatch(e.GetProperty("hash").GetString()!));
        events[1].GetProperty("data").GetProperty("senderId").GetGuid().ShouldBe(alice);
        events[1].GetProperty("actor").GetString()!.ShouldContain("recorder");
    }

    [Fact]
    public async Task Reads_a_stream_as_of_an_earlier_position()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var openedAt = await auditor.HeadPositionAsync();
        await recorder.RecordInteractionAsync(conversation, Requests.Interaction(alice, bob));

        var stream = await auditor.GetJsonAsync($"/api/ledger/streams/conversation-{conversation:N}?asOf={openedAt}");

        stream.GetProperty("version").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task An_unknown_stream_is_a_404()
    {
        await (await (await factory.AuditorAsync()).GetAsync(new Uri("/api/ledger/streams/conversation-nothing-here", UriKind.Relative))).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task The_head_is_the_last_position_with_its_chain_hash()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var participant = await recorder.RegisterParticipantAsync();

        var head = await auditor.GetJsonAsync("/api/ledger/head");

        var last = (await auditor.GetJsonAsync($"/api/ledger/streams/participant-{participant:N}")).GetProperty("events")[0];
        head.GetProperty("position").GetInt64().ShouldBeGreaterThanOrEqualTo(last.GetProperty("position").GetInt64());
        Sha256Hex().IsMatch(head.GetProperty("hash").GetString()!).ShouldBeTrue();
        head.GetProperty("recordedAt").ValueKind.ShouldBe(JsonValueKind.String);
    }

    [Fact]
    public async Task Verifies_the_whole_chain_as_intact()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        await recorder.ConversationOfTwoAsync();
        var head = await auditor.HeadPositionAsync();

        var result = await auditor.GetJsonAsync("/api/ledger/verify");

        result.GetProperty("intact").GetBoolean().ShouldBeTrue();
        result.GetProperty("verifiedUpTo").GetInt64().ShouldBeGreaterThanOrEqualTo(head);
        result.GetProperty("eventsChecked").GetInt64().ShouldBeGreaterThanOrEqualTo(head);
        result.GetProperty("firstBadPosition").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Verifies_a_range_and_refuses_an_inverted_one()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        await recorder.ConversationOfTwoAsync();

        var result = await auditor.GetJsonAsync("/api/ledger/verify?from=2&to=3");

        result.GetProperty("intact").GetBoolean().ShouldBeTrue();
        result.GetProperty("verifiedUpTo").GetInt64().ShouldBe(3);
        (await (await auditor.GetAsync(new Uri("/api/ledger/verify?from=3&to=2", UriKind.Relative))).ShouldBeValidationProblemAsync()).Keys.ShouldContain("to");
        (await (await auditor.GetAsync(new Uri("/api/ledger/verify?from=0", UriKind.Relative))).ShouldBeValidationProblemAsync()).Keys.ShouldContain("from");
    }

    [Fact]
    public async Task A_signed_digest_verifies_as_intact_after_the_log_grew()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        await recorder.RegisterParticipantAsync();
        var digest = await auditor.GetJsonAsync("/api/ledger/digest");
        digest.GetProperty("position").GetInt64().ShouldBeGreaterThan(0);
        Sha256Hex().IsMatch(digest.GetProperty("headHash").GetString()!).ShouldBeTrue();
        digest.GetProperty("signature").GetString().ShouldNotBeNullOrEmpty();
        await recorder.RegisterParticipantAsync();

        var result = await (await auditor.PostJsonAsync("/api/ledger/digest/verify", digest)).ShouldBeAsync(200);

        result.GetProperty("intact").GetBoolean().ShouldBeTrue();
        result.GetProperty("verifiedUpTo").GetInt64().ShouldBeGreaterThan(digest.GetProperty("position").GetInt64());
    }

    [Fact]
    public async Task A_digest_with_a_forged_head_hash_does_not_verify()
    {
        var auditor = await factory.AuditorAsync();
        await (await factory.RecorderAsync()).RegisterParticipantAsync();
        var digest = System.Text.Json.Nodes.JsonNode.Parse((await auditor.GetJsonAsync("/api/ledger/digest")).GetRawText())!.AsObject();
        digest["headHash"] = new string('0', 64);

        var result = await (await auditor.PostJsonAsync("/api/ledger/digest/verify", digest)).ShouldBeAsync(200);

        result.GetProperty("intact").GetBoolean().ShouldBeFalse();
        result.GetProperty("problem").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Pages_through_the_global_log_in_order_without_gaps()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        for (var i = 0; i < 5; i++) await recorder.RegisterParticipantAsync();
        var head = await auditor.HeadPositionAsync();

        var positions = new List<long>();
        long? after = 0;
        var pages = 0;
        while (after is { } from && pages++ < 1000)
        {
            var page = await auditor.GetJsonAsync($"/api/ledger/events?after={from}&limit=2");
            var events = page.GetProperty("events").EnumerateArray().ToList();
            events.Count.ShouldBeLessThanOrEqualTo(2);
            positions.AddRange(events.Select(e => e.GetProperty("position").GetInt64()));
            after = page.GetProperty("nextAfter").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextAfter").GetInt64();
        }

        positions.Where(p => p <= head).ShouldBe(Enumerable.Range(1, (int)head).Select(p => (long)p));
        pages.ShouldBeGreaterThanOrEqualTo((int)(head / 2));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("after=-1", "after")]
    [InlineData("after=abc", "after")]
    public async Task Refuses_bad_paging_parameters_with_400(string query, string field)
    {
        var errors = await (await (await factory.AuditorAsync()).GetAsync(new Uri($"/api/ledger/events?{query}", UriKind.Relative))).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain(field);
    }
}
