using System.Text.Json;
using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

/// <summary>
/// The drill-down by participant (a relationship figure) and by initiative up to a date (a curve point): the events it
/// lists add up to the figure the report itself gives, as of any position.
/// </summary>
public sealed class DrillDownApiTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    private static readonly string[] Kinds = ["monetary", "informational", "logistical", "emotional"];

    [Fact]
    public async Task A_links_events_weigh_what_the_relationship_map_counts_on_it_as_of_any_position()
    {
        var recorder = await factory.RecorderAsync();
        var finance = await factory.FinanceAsync();
        var (conversation, alice, bob) = await recorder.ConversationOfTwoAsync();
        var carol = await recorder.RegisterParticipantAsync(Requests.Internal("support"));
        await (await recorder.PostJsonAsync($"/api/conversations/{conversation}/join", new { participantId = carol })).ShouldBeAsync(200);
        await recorder.RecordInteractionAsync(conversation, Requests.Interaction(bob, alice, Requests.Monetary(500m)));
        var toBoth = Requests.Interaction(alice, bob, Requests.Informational());
        toBoth["receiverIds"] = new System.Text.Json.Nodes.JsonArray(bob, carol); // one message, two links: alice–bob and alice–carol
        await recorder.RecordInteractionAsync(conversation, toBoth);
        await recorder.RecordInteractionAsync(conversation, Requests.Interaction(carol, alice, Requests.Emotional()));
        var before = await (await factory.AuditorAsync()).HeadPositionAsync();
        await recorder.RecordInteractionAsync(conversation, Requests.Interaction(bob, alice, Requests.Monetary(80m, direction: "cost")));

        foreach (var asOf in new long?[] { before, null })
        {
            var at = asOf is { } p ? $"&asOf={p}" : "";
            var map = (await finance.GetJsonAsync($"/api/reports/relationships?{at}")).GetProperty("map");
            var edge = EdgeOf(map, alice, bob);
            var link = await finance.GetJsonAsync($"/api/reports/outcomes/drilldown?participant={alice}&counterpart={bob}{at}");
            var events = link.GetProperty("events").EnumerateArray().ToList();
            events.Sum(e => e.GetProperty("weight").GetInt32()).ShouldBe(edge.GetProperty("weight").GetInt32());
            link.GetProperty("weight").GetInt64().ShouldBe(edge.GetProperty("weight").GetInt64());
            foreach (var kind in Kinds)
                events.Count(e => e.GetProperty("kind").GetString() == kind).ShouldBe(KindCount(edge, kind), kind);
            link.GetProperty("sum").GetDecimal().ShouldBe(Math.Round(events.Sum(e => e.GetProperty("value").GetDecimal()), 2, MidpointRounding.ToEven));

            // The participant's own figure: the weights of all its links, the message to two people counting on two.
            var strength = map.GetProperty("edges").EnumerateArray()
                .Where(e => e.GetProperty("a").GetGuid() == alice || e.GetProperty("b").GetGuid() == alice)
                .Sum(e => e.GetProperty("weight").GetInt64());
            var all = await finance.GetJsonAsync($"/api/reports/outcomes/drilldown?participant={alice}{at}");
            all.GetProperty("events").EnumerateArray().Sum(e => e.GetProperty("weight").GetInt64()).ShouldBe(strength);
            all.GetProperty("events").EnumerateArray().ShouldContain(e => e.GetProperty("weight").GetInt32() == 2);
        }

        // As of the earlier position the later cost is not behind the link.
        var then = await finance.GetJsonAsync($"/api/reports/outcomes/drilldown?participant={bob}&counterpart={alice}&asOf={before}");
        var now = await finance.GetJsonAsync($"/api/reports/outcomes/drilldown?participant={bob}&counterpart={alice}");
        then.GetProperty("asOfPosition").GetInt64().ShouldBe(before);
        then.GetProperty("events").EnumerateArray().ShouldAllBe(e => e.GetProperty("position").GetInt64() <= before);
        now.GetProperty("events").GetArrayLength().ShouldBe(then.GetProperty("events").GetArrayLength() + 1);
    }

    [Fact]
    public async Task A_curve_point_lists_the_initiatives_events_and_recorded_costs_up_to_its_date_and_they_sum_to_it()
    {
        var recorder = await factory.RecorderAsync();
        var finance = await factory.FinanceAsync();
        var alice = await recorder.RegisterParticipantAsync();
        var bob = await recorder.RegisterParticipantAsync(Requests.External());
        var initiative = (await (await finance.PostJsonAsync("/api/initiatives", Requests.Launch(alice, "Curve programme"))).ShouldBeAsync(201))
            .GetProperty("initiativeId").GetGuid();
        await (await finance.PostJsonAsync($"/api/initiatives/{initiative}/costs",
            new { amount = 300.10m, currency = "EUR", category = "software", incurredAt = Requests.Now })).ShouldBeAsync(200);
        await (await finance.PostJsonAsync($"/api/initiatives/{initiative}/costs",
            new { amount = 99.99m, currency = "EUR", category = "travel", incurredAt = Requests.Now.AddDays(2) })).ShouldBeAsync(200);
        var conversation = (await (await recorder.PostJsonAsync("/api/conversations",
            new { channel = "meeting", participantIds = new[] { alice, bob }, initiativeId = initiative })).ShouldBeAsync(201)).GetProperty("conversationId").GetGuid();
        foreach (var (day, payload) in new[]
                 {
                     (0, Requests.Monetary(120.333m)), (1, Requests.Informational()), (1, Requests.Monetary(45.5m, direction: "cost")),
                     (2, Requests.Emotional()), (3, Requests.Monetary(410m)),
                 })
        {
            var interaction = Requests.Interaction(bob, alice, payload);
            interaction["occurredAt"] = Requests.Now.AddDays(day);
            await recorder.RecordInteractionAsync(conversation, interaction);
        }

        var roi = (await finance.GetJsonAsync("/api/reports/roi")).GetProperty("initiatives").EnumerateArray()
            .Single(i => i.GetProperty("initiativeId").GetGuid() == initiative).GetProperty("roi");
        var curve = roi.GetProperty("curve").EnumerateArray().ToList();
        curve.Count.ShouldBeGreaterThan(2);
        foreach (var point in curve)
        {
            var on = point.GetProperty("on").GetString();
            var drill = await finance.GetJsonAsync($"/api/reports/outcomes/drilldown?initiative={initiative}&through={on}");
            var events = drill.GetProperty("events").EnumerateArray().ToList();
            events.ShouldAllBe(e => DateOnly.FromDateTime(e.GetProperty("occurredAt").GetDateTimeOffset().UtcDateTime) <= DateOnly.Parse(on!, System.Globalization.CultureInfo.InvariantCulture));
            var recorded = drill.GetProperty("recordedCosts").EnumerateArray().Sum(c => c.GetProperty("value").GetDecimal());
            decimal Sum(Func<JsonElement, bool> pick) => events.Where(pick).Sum(e => e.GetProperty("value").GetDecimal());
            var gain = Sum(e => e.GetProperty("kind").GetString() == "monetary" && e.GetProperty("effect").GetString() == "gain");
            var cost = -Sum(e => e.GetProperty("kind").GetString() == "monetary" && e.GetProperty("effect").GetString() == "cost");
            var value = Sum(e => e.GetProperty("kind").GetString() != "monetary");
            Round(gain).ShouldBe(point.GetProperty("cumulativeGain").GetDecimal(), on);
            Round(value).ShouldBe(point.GetProperty("cumulativeValue").GetDecimal(), on);
            Round(recorded + cost).ShouldBe(point.GetProperty("cumulativeCost").GetDecimal(), on);
        }
        (await finance.GetJsonAsync($"/api/reports/outcomes/drilldown?initiative={initiative}")).GetProperty("recordedCosts").GetArrayLength().ShouldBe(2);
    }

    [Theory]
    [InlineData("participant=not-a-guid", "participant")]
    [InlineData("participant={unknown}", "participant")]
    [InlineData("participant={known}&counterpart={unknown}", "counterpart")]
    [InlineData("participant={known}&counterpart={known}", "counterpart")]
    [InlineData("counterpart={known}", "counterpart")]
    [InlineData("initiative={unknown}", "initiative")]
    [InlineData("initiative={unknown}&through=2025-13-45", "through")]
    [InlineData("participant={known}&kind=gossip", "kind")]
    [InlineData("participant={known}&asOf=-1", "asOf")]
    [InlineData("participant={known}&asOf=999999999", "asOf")]
    [InlineData("periodKey=2025-03&kind=monetary&participant={known}", "participant")]
    [InlineData("periodKey=2025-03", "kind")]
    [InlineData("", "periodKey")]
    public async Task A_bad_drill_down_is_a_400_naming_the_field(string query, string field)
    {
        var recorder = await factory.RecorderAsync();
        var known = await recorder.RegisterParticipantAsync();
        var finance = await factory.FinanceAsync();
        var url = "/api/reports/outcomes/drilldown?" + query.Replace("{known}", known.ToString(), StringComparison.Ordinal)
            .Replace("{unknown}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
        var errors = await (await finance.GetAsync(new Uri(url, UriKind.Relative))).ShouldBeValidationProblemAsync();
        errors.Keys.ShouldContain(field);
    }

    private static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.ToEven);

    private static JsonElement EdgeOf(JsonElement map, Guid x, Guid y) =>
        map.GetProperty("edges").EnumerateArray().Single(e =>
            (e.GetProperty("a").GetGuid() == x && e.GetProperty("b").GetGuid() == y) || (e.GetProperty("a").GetGuid() == y && e.GetProperty("b").GetGuid() == x));

    private static int KindCount(JsonElement edge, string kind) =>
        edge.GetProperty("byKind").EnumerateObject().Where(p => p.Name.Equals(kind, StringComparison.OrdinalIgnoreCase)).Sum(p => p.Value.GetInt32());
}
