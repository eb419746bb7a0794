using System.Text;
using System.Text.Json;
using Ledger.Api.Security;
using Ledger.Api.Tests.Harness;
using Ledger.Testing;

namespace Ledger.Api.Tests;

public sealed class LineageAndPilotTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    private async Task<JsonElement> CompletedRunAsync(HttpClient pilot, object hypothesis)
    {
        var started = await (await pilot.PostJsonAsync("/api/pilots/runs", hypothesis)).ShouldBeAsync(202);
        var runId = started.GetProperty("runId").GetGuid();
        for (var i = 0; i < 200; i++)
        {
            var status = await pilot.GetJsonAsync($"/api/pilots/runs/{runId}");
            if (status.GetProperty("state").GetString() != "running") return status;
            await Task.Delay(50);
        }
        throw new TimeoutException("The pilot run did not finish.");
    }

    [Fact]
    public async Task A_decisions_lineage_follows_what_informed_it_both_ways_and_exports_as_prov_json()
    {
        var recorder = await factory.RecorderAsync();
        var executive = await factory.ExecutiveAsync();
        var auditor = await factory.AuditorAsync();
        var pilot = await factory.ClientAsync(Roles.Pilot);
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var interaction = await recorder.RecordInteractionAsync(conversation, Requests.Interaction(bob, alice));
        var run = await CompletedRunAsync(pilot, new { name = "baseline check", statement = "nothing changes", pinnedPosition = await auditor.HeadPositionAsync() });
        run.GetProperty("state").GetString().ShouldBe("completed");
        var runId = run.GetProperty("runId").GetGuid();

        var earlier = (await (await executive.PostJsonAsync("/api/decisions", Requests.Decision(alice, "Try the forum", ("interaction", interaction))))
            .ShouldBeAsync(201)).GetProperty("decisionId").GetGuid();
        var later = (await (await executive.PostJsonAsync("/api/decisions", Requests.Decision(alice, "Fund the forum",
            ("decision", earlier), ("conversation", conversation), ("reportSnapshot", runId)))).ShouldBeAsync(201)).GetProperty("decisionId").GetGuid();

        var upstream = await auditor.GetJsonAsync($"/api/lineage/decisions/{later}");
        var nodes = upstream.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!, n => n.GetProperty("kind").GetString());
        nodes[$"decision:{earlier}"].ShouldBe("decision");
        nodes[$"interaction:{interaction}"].ShouldBe("interaction");   // reached through the earlier decision
        nodes[$"conversation:{conversation}"].ShouldBe("conversation");
        nodes[$"reportsnapshot:{runId}"].ShouldBe("pilotRun");
        nodes[$"participant:{bob}"].ShouldBe("participant");
        var edges = upstream.GetProperty("edges").EnumerateArray().Select(e => (e.GetProperty("from").GetString(), e.GetProperty("to").GetString(), e.GetProperty("relation").GetString())).ToList();
        edges.ShouldContain(($"decision:{later}", $"decision:{earlier}", "wasInformedBy"));
        edges.ShouldContain(($"decision:{earlier}", $"interaction:{interaction}", "used"));
        edges.ShouldContain(($"interaction:{interaction}", $"participant:{bob}", "wasAttributedTo"));

        var shallow = await auditor.GetJsonAsync($"/api/lineage/decisions/{later}?depth=1");
        shallow.GetProperty("nodes").EnumerateArray().ShouldNotContain(n => n.GetProperty("id").GetString() == $"interaction:{interaction}");

        var downstream = await auditor.GetJsonAsync($"/api/lineage/influenced?kind=interaction&id={interaction}");
        var influenced = downstream.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ToList();
        influenced.ShouldContain($"decision:{earlier}");
        influenced.ShouldContain($"decision:{later}");          // transitively, through the earlier decision
        (await auditor.GetJsonAsync($"/api/lineage/influenced?kind=snapshot&id={runId}")).GetProperty("nodes").EnumerateArray()
            .Select(n => n.GetProperty("id").GetString()).ShouldContain($"decision:{later}");

        var prov = await auditor.GetJsonAsync($"/api/lineage/decisions/{later}/prov");
        foreach (var section in new[] { "prefix", "entity", "activity", "agent", "wasInformedBy", "used", "wasDerivedFrom", "wasAttributedTo", "wasGeneratedBy" })
            prov.TryGetProperty(section, out _).ShouldBeTrue(section);
        prov.GetProperty("prefix").GetProperty("prov").GetString().ShouldBe("http://www.w3.org/ns/prov#");
        prov.GetProperty("activity").TryGetProperty($"ledger:decision-{later}", out _).ShouldBeTrue();
        prov.GetProperty("entity").TryGetProperty($"ledger:interaction-{interaction}", out _).ShouldBeTrue();
        prov.GetProperty("agent").TryGetProperty($"ledger:participant-{alice}", out _).ShouldBeTrue();
        prov.GetProperty("wasInformedBy").EnumerateObject().ShouldContain(r =>
            r.Value.GetProperty("prov:informed").GetString() == $"ledger:decision-{later}" && r.Value.GetProperty("prov:informant").GetString() == $"ledger:decision-{earlier}");
        foreach (var relation in prov.GetProperty("used").EnumerateObject().Concat(prov.GetProperty("wasGeneratedBy").EnumerateObject()))
        {
            relation.Value.TryGetProperty("prov:activity", out _).ShouldBeTrue(relation.Name);
            relation.Value.TryGetProperty("prov:entity", out _).ShouldBeTrue(relation.Name);
        }
        prov.GetProperty("used").EnumerateObject().Count().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_pilot_run_is_deterministic_recorded_as_an_event_and_leaves_the_ledger_as_it_was()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var pilot = await factory.ClientAsync(Roles.Pilot);
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        await recorder.RecordInteractionAsync(conversation, Requests.Interaction(bob, alice, Requests.Monetary(500m)));
        var head = await auditor.HeadPositionAsync();
        var hypothesis = new { name = "no email", statement = "email does not matter", pinnedPosition = head, drop = new { channels = new[] { "email" } } };

        var first = await CompletedRunAsync(pilot, hypothesis);
        var second = await CompletedRunAsync(pilot, hypothesis);
        var hash = first.GetProperty("result").GetProperty("resultHash").GetString();
        hash.ShouldNotBeNullOrEmpty();
        second.GetProperty("result").GetProperty("resultHash").GetString().ShouldBe(hash);

        var recorded = await auditor.GetJsonAsync($"/api/ledger/streams/snapshot-{first.GetProperty("runId").GetGuid():N}");
        var data = recorded.GetProperty("events")[0];
        data.GetProperty("eventType").GetString().ShouldBe("pilot-run-recorded");
        data.GetProperty("data").GetProperty("resultHash").GetString().ShouldBe(hash);
        data.GetProperty("data").GetProperty("pinnedPosition").GetInt64().ShouldBe(head);
        (await auditor.GetJsonAsync("/api/ledger/verify")).GetProperty("intact").GetBoolean().ShouldBeTrue();

        var beyond = await (await pilot.PostJsonAsync("/api/pilots/runs", new { name = "x", statement = "y", pinnedPosition = head + 1000 })).ShouldBeValidationProblemAsync();
        beyond.Keys.ShouldContain("pinnedPosition");
        var misspelt = await (await pilot.PostJsonAsync("/api/pilots/runs", new { name = "x", statement = "y", drop = new { channels = new[] { "social" } } })).ShouldBeValidationProblemAsync();
        misspelt["drop.channels"][0].ShouldContain("socialNetwork");
        (await recorder.PostJsonAsync("/api/pilots/runs", hypothesis)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Erasure_destroys_personal_data_but_keeps_the_chain_the_figures_and_the_lineage()
    {
        var recorder = await factory.RecorderAsync();
        var auditor = await factory.AuditorAsync();
        var admin = await factory.ClientAsync(Roles.Admin);
        var executive = await factory.ExecutiveAsync();
        var secret = $"Erasable-{Guid.NewGuid():N}";
        var person = Requests.External();
        person["personal"] = new System.Text.Json.Nodes.JsonObject { ["name"] = secret, ["email"] = $"{secret}@example.com" };
        var carol = await recorder.RegisterParticipantAsync(person);
        var alice = await recorder.RegisterParticipantAsync();
        var conversation = await recorder.OpenConversationAsync(alice, carol);
        var interaction = await recorder.RecordInteractionAsync(conversation, Requests.Interaction(carol, alice));
        var decision = (await (await executive.PostJsonAsync("/api/decisions", Requests.Decision(alice, "Keep Carol's account", ("interaction", interaction))))
            .ShouldBeAsync(201)).GetProperty("decisionId").GetGuid();
        (await recorder.GetJsonAsync($"/api/participants/{carol}")).GetProperty("personal").GetProperty("name").GetString().ShouldBe(secret);
        (await KeyRowsAsync(carol)).ShouldBe(1);
        var roiBefore = (await (await factory.FinanceAsync()).GetAsync(new Uri("/api/reports/outcomes?period=quarter", UriKind.Relative))).Content.ReadAsStringAsync();

        await (await admin.PostJsonAsync($"/api/participants/{carol}/erase", new { })).ShouldBeAsync(200);

        (await KeyRowsAsync(carol)).ShouldBe(0);   // the key is destroyed: the ciphertext can no longer be read

        (await recorder.GetJsonAsync($"/api/participants/{carol}")).GetProperty("personal").ValueKind.ShouldBe(JsonValueKind.Null);
        (await auditor.GetJsonAsync("/api/ledger/verify")).GetProperty("intact").GetBoolean().ShouldBeTrue();
        var lineage = await auditor.GetJsonAsync($"/api/lineage/decisions/{decision}");
        lineage.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == $"participant:{carol}")
            .GetProperty("erased").GetBoolean().ShouldBeTrue();
        var dump = await PgDump.DumpAsync(factory.ConnectionString);
        PgDump.Occurrences(dump, Encoding.UTF8.GetBytes(secret)).ShouldBe(0);
        PgDump.Occurrences(dump, Encoding.UTF8.GetBytes(carol.ToString())).ShouldBeGreaterThan(0); // the ids stay: the ledger is intact
        (await recorder.PostJsonAsync($"/api/participants/{carol}/erase", new { })).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        var roiAfter = await (await (await factory.FinanceAsync()).GetAsync(new Uri("/api/reports/outcomes?period=quarter", UriKind.Relative))).Content.ReadAsStringAsync();
        // Same figures (the position moved by the erasure event only).
        System.Text.RegularExpressions.Regex.Replace(roiAfter, "\"asOfPosition\":\\d+", "")
            .ShouldBe(System.Text.RegularExpressions.Regex.Replace(await roiBefore, "\"asOfPosition\":\\d+", ""));
    }

    private async Task<long> KeyRowsAsync(Guid participant)
    {
        await using var connection = new Npgsql.NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM ledger_api.participant_keys WHERE participant_id = $1", connection);
        command.Parameters.AddWithValue(participant);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
