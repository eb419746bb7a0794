using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

public sealed class ConversationsApiTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task Opens_a_conversation_and_reads_it_back()
    {
        var recorder = await factory.RecorderAsync();
        var alice = await recorder.RegisterParticipantAsync();
        var bob = await recorder.RegisterParticipantAsync();

        var response = await recorder.PostJsonAsync("/api/conversations",
            new { channel = "socialNetwork", participantIds = new[] { alice, bob }, tags = new[] { "pricing", "Pricing", "renewal" } });
        var opened = await response.ShouldBeAsync(201);
        var id = opened.GetProperty("conversationId").GetGuid();

        response.Headers.Location!.ToString().ShouldBe($"/api/conversations/{id}");
        response.ETag().ShouldBe("\"1\"");
        var read = await recorder.ConversationAsync(id);
        read.GetProperty("status").GetString().ShouldBe("open");
        read.GetProperty("channel").GetString().ShouldBe("socialNetwork");
        read.GetProperty("version").GetInt64().ShouldBe(1);
        read.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["pricing", "renewal"]);
        read.GetProperty("members").EnumerateArray().Select(m => m.GetGuid()).ShouldBe(new[] { alice, bob }, ignoreOrder: true);
        read.GetProperty("interactions").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Every_reader_role_may_read_a_conversation()
    {
        var conversation = await (await factory.RecorderAsync()).OpenConversationAsync(await (await factory.RecorderAsync()).RegisterParticipantAsync());

        foreach (var role in Security.Roles.Readers)
            (await (await factory.ClientAsync(role)).ConversationAsync(conversation)).GetProperty("conversationId").GetGuid().ShouldBe(conversation);
    }

    [Fact]
    public async Task Participants_join_and_leave()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var carol = await recorder.RegisterParticipantAsync();

        var joined = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/join", new { participantId = carol })).ShouldBeAsync(200);
        joined.GetProperty("members").EnumerateArray().Select(m => m.GetGuid()).ShouldContain(carol);
        joined.GetProperty("version").GetInt64().ShouldBe(2);

        var left = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/leave", new { participantId = bob })).ShouldBeAsync(200);
        left.GetProperty("members").EnumerateArray().Select(m => m.GetGuid()).ShouldBe(new[] { alice, carol }, ignoreOrder: true);
        left.GetProperty("formerMembers").EnumerateArray().Select(m => m.GetGuid()).ShouldBe([bob]);
        left.GetProperty("version").GetInt64().ShouldBe(3);
    }

    [Fact]
    public async Task Joining_twice_changes_nothing()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, alice, _) = await recorder.ConversationOfTwoAsync();

        var again = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/join", new { participantId = alice })).ShouldBeAsync(200);

        again.GetProperty("version").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task Closes_and_reopens_a_conversation()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, _, _) = await recorder.ConversationOfTwoAsync();

        var closed = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/close", new { outcome = "won" })).ShouldBeAsync(200);
        closed.GetProperty("status").GetString().ShouldBe("closed");
        closed.GetProperty("outcome").GetString().ShouldBe("won");

        var reopened = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/reopen", new { })).ShouldBeAsync(200);
        reopened.GetProperty("status").GetString().ShouldBe("open");
        (await recorder.ConversationAsync(conversation)).GetProperty("version").GetInt64().ShouldBe(3);
    }

    [Fact]
    public async Task Joining_a_closed_conversation_is_a_409()
    {
        var recorder = await factory.RecorderAsync();
        var (conversation, _, _) = await recorder.ConversationOfTwoAsync();
        var carol = await recorder.RegisterParticipantAsync();
        await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/close", new { outcome = "resolved" })).ShouldBeAsync(200);

        var problem = await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/join", new { participantId = carol })).ShouldBeProblemAsync(409);

        problem.GetProperty("code").GetString().ShouldBe("conversation_closed");
    }

    [Fact]
    public async Task Reads_a_conversation_as_of_an_earlier_position()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var openedAt = await auditor.HeadPositionAsync();
        var carol = await recorder.RegisterParticipantAsync();
        await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/join", new { participantId = carol })).ShouldBeAsync(200);

        var then = await recorder.GetJsonAsync($"/api/conversations/{conversation}?asOf={openedAt}");
        var now = await recorder.ConversationAsync(conversation);

        then.GetProperty("version").GetInt64().ShouldBe(1);
        then.GetProperty("members").EnumerateArray().Select(m => m.GetGuid()).ShouldBe(new[] { alice, bob }, ignoreOrder: true);
        now.GetProperty("members").EnumerateArray().Select(m => m.GetGuid()).ShouldContain(carol);
        await (await recorder.GetAsync(new Uri($"/api/conversations/{conversation}?asOf={openedAt - 1}", UriKind.Relative))).ShouldBeProblemAsync(404);
    }

    [Fact]
    public async Task Opening_with_an_unregistered_participant_is_a_404()
    {
        var recorder = await factory.RecorderAsync();

        var problem = await (await recorder.PostJsonAsync("/api/conversations", new { channel = "email", participantIds = new[] { Guid.NewGuid() } })).ShouldBeProblemAsync(404);

        problem.GetProperty("code").GetString().ShouldBe("unknown_participant");
    }

    [Fact]
    public async Task Opening_without_participants_is_a_400_naming_the_field()
    {
        var recorder = await factory.RecorderAsync();

        var errors = await (await recorder.PostJsonAsync("/api/conversations", new { channel = "email", participantIds = Array.Empty<Guid>() })).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain("participantIds");
    }

    [Fact]
    public async Task An_unknown_conversation_is_a_404_for_reads_and_commands()
    {
        var recorder = await factory.RecorderAsync();
        var unknown = Guid.NewGuid();

        await (await recorder.GetAsync(new Uri($"/api/conversations/{unknown}", UriKind.Relative))).ShouldBeProblemAsync(404);
        await (await recorder.PostJsonAsync($"/api/conversations/{unknown}/close", new { outcome = "won" })).ShouldBeProblemAsync(404);
        await (await recorder.PostJsonAsync($"/api/conversations/{unknown}/reopen", new { })).ShouldBeProblemAsync(404);
    }
}
