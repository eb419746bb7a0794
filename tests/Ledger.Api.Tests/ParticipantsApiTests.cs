using System.Text.Json.Nodes;
using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

public sealed class ParticipantsApiTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task Registers_an_internal_participant_and_reads_it_back_with_its_personal_data()
    {
        var recorder = await factory.RecorderAsync();
        var request = Requests.Internal("finance");
        request["personal"] = new JsonObject { ["name"] = "Ada Lovelace", ["email"] = "ada@example.com" };

        var response = await recorder.PostJsonAsync("/api/participants", request);
        var created = await response.ShouldBeAsync(201);
        var id = created.GetProperty("participantId").GetGuid();

        response.Headers.Location!.ToString().ShouldBe($"/api/participants/{id}");
        response.ETag().ShouldBe("\"1\"");
        var read = await recorder.GetJsonAsync($"/api/participants/{id}");
        read.GetProperty("version").GetInt64().ShouldBe(1);
        read.GetProperty("state").GetProperty("type").GetString().ShouldBe("internal");
        read.GetProperty("state").GetProperty("department").GetString().ShouldBe("finance");
        read.GetProperty("state").GetProperty("country").GetString().ShouldBe("FR");
        read.GetProperty("personal").GetProperty("name").GetString().ShouldBe("Ada Lovelace");
        read.GetProperty("personal").GetProperty("email").GetString().ShouldBe("ada@example.com");
    }

    [Fact]
    public async Task Registers_an_external_participant_with_the_id_the_client_chose()
    {
        var recorder = await factory.RecorderAsync();
        var id = Guid.NewGuid();
        var request = Requests.External("partner");
        request["participantId"] = id;

        (await recorder.RegisterParticipantAsync(request)).ShouldBe(id);

        var read = await recorder.GetJsonAsync($"/api/participants/{id}");
        read.GetProperty("state").GetProperty("externalRole").GetString().ShouldBe("partner");
        read.GetProperty("state").GetProperty("organisationId").GetString().ShouldBe("org-42");
    }

    [Fact]
    public async Task Admin_may_read_a_participant()
    {
        var id = await (await factory.RecorderAsync()).RegisterParticipantAsync();

        var read = await (await factory.ClientAsync(Security.Roles.Admin)).GetJsonAsync($"/api/participants/{id}");

        read.GetProperty("participantId").GetGuid().ShouldBe(id);
    }

    [Fact]
    public async Task Moves_an_internal_participant_to_another_department()
    {
        var recorder = await factory.RecorderAsync();
        var id = await recorder.RegisterParticipantAsync(Requests.Internal("sales"));

        var response = await recorder.PostJsonAsync($"/api/participants/{id}/department", new { department = "support", office = "Paris", country = "fr" });
        var moved = await response.ShouldBeAsync(200);

        moved.GetProperty("version").GetInt64().ShouldBe(2);
        response.ETag().ShouldBe("\"2\"");
        var state = (await recorder.GetJsonAsync($"/api/participants/{id}")).GetProperty("state");
        state.GetProperty("department").GetString().ShouldBe("support");
        state.GetProperty("office").GetString().ShouldBe("Paris");
        state.GetProperty("country").GetString().ShouldBe("FR");
    }

    [Fact]
    public async Task Refuses_to_move_an_external_participant_with_409()
    {
        var recorder = await factory.RecorderAsync();
        var id = await recorder.RegisterParticipantAsync(Requests.External());

        var problem = await (await recorder.PostJsonAsync($"/api/participants/{id}/department", new { department = "support" })).ShouldBeProblemAsync(409);

        problem.GetProperty("code").GetString().ShouldBe("participant_not_internal");
    }

    [Fact]
    public async Task Registering_an_external_participant_without_a_role_is_a_400_naming_the_field()
    {
        var recorder = await factory.RecorderAsync();

        var errors = await (await recorder.PostJsonAsync("/api/participants", new { type = "external" })).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain("externalRole");
    }

    [Fact]
    public async Task Registering_with_an_unknown_country_is_a_400_naming_the_field()
    {
        var recorder = await factory.RecorderAsync();
        var request = Requests.Internal();
        request["country"] = "XX";

        var errors = await (await recorder.PostJsonAsync("/api/participants", request)).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain("country");
    }

    [Fact]
    public async Task Re_registering_the_same_id_differently_is_a_409()
    {
        var recorder = await factory.RecorderAsync();
        var id = Guid.NewGuid();
        var first = Requests.Internal("sales");
        first["participantId"] = id;
        await recorder.RegisterParticipantAsync(first);
        var second = Requests.Internal("legal");
        second["participantId"] = id;

        var problem = await (await recorder.PostJsonAsync("/api/participants", second)).ShouldBeProblemAsync(409);

        problem.GetProperty("code").GetString().ShouldBe("participant_already_registered");
    }

    [Fact]
    public async Task An_unknown_participant_is_a_404()
    {
        var recorder = await factory.RecorderAsync();

        await (await recorder.GetAsync(new Uri($"/api/participants/{Guid.NewGuid()}", UriKind.Relative))).ShouldBeProblemAsync(404);
        await (await recorder.PostJsonAsync($"/api/participants/{Guid.NewGuid()}/department", new { department = "x" })).ShouldBeProblemAsync(404);
    }
}
