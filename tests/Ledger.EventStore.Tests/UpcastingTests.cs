using System.Text.Json.Nodes;
using Ledger.Testing;

namespace Ledger.EventStore.Tests;

public sealed class UpcastingTests(DatabaseFixture database) : StoreTestBase(database)
{
    [Fact]
    public async Task Old_schema_versions_are_upcast_on_read_while_the_stored_bytes_stay_as_written()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream,
            [EventData.FromJson(Guid.NewGuid(), "amount-noted", """{"amountCents": 1250}""", new EventMetadata("t", DateTimeOffset.UnixEpoch), schemaVersion: 1)]);
        await Store.AppendAsync(stream, ExpectedVersion.Any,
            [EventData.FromJson(Guid.NewGuid(), "amount-noted", """{"amount": 3.10, "currency": "USD"}""", new EventMetadata("t", DateTimeOffset.UnixEpoch), schemaVersion: 3)]);

        // v1 -> v2: cents become a decimal amount; v2 -> v3: a currency appears.
        Store.Upcasters.Register("amount-noted", 1, v1 => new JsonObject { ["amount"] = v1["amountCents"]!.GetValue<decimal>() / 100m });
        Store.Upcasters.Register("amount-noted", 2, v2 => { v2["currency"] = "EUR"; return v2; });

        var read = new List<StoredEvent>();
        await foreach (var e in Store.ReadStreamAsync(stream)) read.Add(e);

        read[0].SchemaVersion.ShouldBe(3);
        read[0].Data.ShouldBe("""{"amount": 12.5, "currency": "EUR"}""");
        read[1].Data.ShouldBe("""{"amount": 3.10, "currency": "USD"}""");
        (await Store.VerifyAsync()).Intact.ShouldBeTrue();
    }
}
