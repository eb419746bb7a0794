using Ledger.Domain.Decisions;
using Ledger.EventStore;
using Ledger.Projections.Serialization;

namespace Ledger.Projections.Tests.Serialization;

/// <summary>
/// Rows read without a whole stored event (the daemon's COPY export, the decision list's query) are decoded through
/// <see cref="EventSerializer.FromRow"/>: upcast when an upcaster is registered for their type and schema version.
/// </summary>
public class EventSerializerFromRowTests
{
    private static readonly DecisionRecorded Decision =
        new(Guid.NewGuid(), "Keep the forum", "It pays", Guid.NewGuid(), DateTimeOffset.UnixEpoch, [], null);

    [Fact]
    public void A_row_with_an_upcaster_for_its_schema_version_is_upcast_and_one_without_is_decoded_as_stored()
    {
        var data = EventSerializer.ToEventData(Decision, Guid.NewGuid(), new EventMetadata("test", default)).Data.ToArray();
        var upcasters = new EventUpcasters();
        upcasters.Register("decision-recorded", 1, json =>
        {
            json["title"] = "upcast: " + (string)json["title"]!;
            return json;
        });

        var upcast = EventSerializer.FromRow(upcasters, 7, Guid.NewGuid(), "decision-recorded", 1, data).ShouldBeOfType<DecisionRecorded>();
        var asStored = EventSerializer.FromRow(upcasters, 7, Guid.NewGuid(), "decision-recorded", 2, data).ShouldBeOfType<DecisionRecorded>();

        upcast.Title.ShouldBe("upcast: Keep the forum");
        asStored.ShouldBe(Decision with { InformedBy = asStored.InformedBy });
        asStored.Title.ShouldBe("Keep the forum");
    }
}
