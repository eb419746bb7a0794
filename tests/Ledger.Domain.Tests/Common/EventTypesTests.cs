using System.Text.Json;
using System.Text.RegularExpressions;
using Ledger.Domain.Conversations;
using Ledger.Domain.Decisions;
using Ledger.Domain.Initiatives;
using Ledger.Domain.Interactions;
using Ledger.Domain.Participants;
using static Ledger.Domain.Tests.Support.Samples;

namespace Ledger.Domain.Tests.Common;

public class EventTypesTests
{
    private static readonly Type[] EventBases =
        [typeof(ParticipantEvent), typeof(ConversationEvent), typeof(InitiativeEvent), typeof(DecisionEvent)];

    [Fact]
    public void Every_concrete_domain_event_has_a_stable_name()
    {
        var events = typeof(EventTypes).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && EventBases.Any(b => b.IsAssignableFrom(t)));

        EventTypes.All.Select(e => e.Type).ShouldBe(events, ignoreOrder: true);
    }

    [Fact]
    public void Names_are_unique_kebab_case_and_versioned()
    {
        EventTypes.All.Select(e => e.Name).ShouldBeUnique();
        EventTypes.All.ShouldAllBe(e => Regex.IsMatch(e.Name, "^[a-z]+(-[a-z]+)+$") && e.Version >= 1);
    }

    [Fact]
    public void Maps_types_to_names_and_back()
    {
        EventTypes.Of(typeof(ConversationOpened)).ShouldBe(("conversation-opened", 1));
        EventTypes.TypeOf("interaction-recorded").ShouldBe(typeof(InteractionRecorded));
        EventTypes.TypeOf("no-such-event").ShouldBeNull();
        Should.Throw<ArgumentException>(() => EventTypes.Of(typeof(string)));
    }

    public static TheoryData<object> Events() =>
    [
        Opened(),
        Recorded(payload: Revenue()),
        Recorded(payload: Answer(OtherInteractionId)),
        Recorded(payload: Delivery()),
        Recorded(payload: Gratitude()),
        Reclassified(Gratitude()),
        new DecisionRecorded(OtherInteractionId, "t", "r", Alice, T0, [new(Domain.Common.EntityKind.ReportSnapshot, InteractionId)], null),
        new InitiativeCostIncurred(InitiativeId, InteractionId, new Domain.Common.Money(10m, "EUR"), CostCategory.Travel, T0),
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void Events_round_trip_through_json_by_their_stored_name(object @event)
    {
        var json = JsonSerializer.Serialize(@event, @event.GetType());
        var type = EventTypes.TypeOf(EventTypes.Of(@event.GetType()).Name)!;

        var back = JsonSerializer.Deserialize(json, type)!;

        JsonSerializer.Serialize(back, type).ShouldBe(json);
        back.GetType().ShouldBe(@event.GetType());
    }

    [Fact]
    public void Payloads_are_stored_with_a_kind_discriminator()
    {
        var json = JsonSerializer.Serialize(Recorded(payload: Gratitude()));

        json.ShouldContain("\"Payload\":{\"kind\":\"emotional\"");
        json.ShouldContain("\"Valence\":0.8");
    }
}
