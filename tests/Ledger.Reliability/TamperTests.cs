using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ledger.Reliability.Harness;
using Ledger.Testing;

namespace Ledger.Reliability;

/// <summary>
/// A superuser rewrites the log behind the store's back (triggers off with session_replication_role = replica); the
/// API's /api/ledger/verify must name exactly the first altered position. Each case on a fresh database.
/// </summary>
public sealed class TamperTests(ITestOutputHelper output)
{
    private const int Interactions = 17;
    private const long Target = 7;     // positions 1-2 participants, 3 the conversation, 4..20 interactions
    private const long Other = 12;

    public static TheoryData<string, string, long> Tamperings() => new()
    {
        { "one byte of data", $"UPDATE ledger.events SET data = jsonb_set(data, '{{contentHash}}', to_jsonb(overlay(data ->> 'contentHash' placing CASE WHEN left(data ->> 'contentHash', 1) = 'a' THEN 'b' ELSE 'a' END from 1 for 1))) WHERE position = {Target}", Target },
        { "metadata (actor)", $"UPDATE ledger.events SET actor = overlay(actor placing 'X' from 1 for 1) WHERE position = {Target}", Target },
        { "metadata (occurred_at by 1 µs)", $"UPDATE ledger.events SET occurred_at = occurred_at + interval '1 microsecond' WHERE position = {Target}", Target },
        { "a hash (one bit)", $"UPDATE ledger.events SET hash = set_byte(hash, 0, get_byte(hash, 0) # 1) WHERE position = {Target}", Target },
        { "delete a row", $"DELETE FROM ledger.events WHERE position = {Target}", Target },
        { "delete the last row", $"DELETE FROM ledger.events WHERE position = {3 + Interactions}", 3 + Interactions },
        { "swap two rows' data", $"UPDATE ledger.events e SET data = o.data FROM ledger.events o WHERE (e.position, o.position) IN (({Target}, {Other}), ({Other}, {Target}))", Target },
        {
            "append a row with a forged hash",
            $"INSERT INTO ledger.events (position, stream_id, stream_version, event_id, event_type, schema_version, data, actor, correlation_id, causation_id, occurred_at, recorded_at, hash) " +
            $"SELECT position + 1, stream_id, stream_version + 100, gen_random_uuid(), event_type, schema_version, data, actor, correlation_id, causation_id, occurred_at, recorded_at, sha256(hash) " +
            $"FROM ledger.events WHERE position = {3 + Interactions}",
            3 + Interactions + 1
        },
        {
            "append a forged row and move the head to it",
            $"INSERT INTO ledger.events (position, stream_id, stream_version, event_id, event_type, schema_version, data, actor, correlation_id, causation_id, occurred_at, recorded_at, hash) " +
            $"SELECT position + 1, stream_id, stream_version + 100, gen_random_uuid(), event_type, schema_version, data, actor, correlation_id, causation_id, occurred_at, recorded_at, sha256(hash) " +
            $"FROM ledger.events WHERE position = {3 + Interactions}; " +
            $"UPDATE ledger.head SET position = {3 + Interactions + 1}, hash = (SELECT hash FROM ledger.events WHERE position = {3 + Interactions + 1})",
            3 + Interactions + 1
        },
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task Verify_names_exactly_the_tampered_position(string tampering, string sql, long expectedBadPosition)
    {
        var database = await TestPostgres.CreateDatabaseAsync("tamper");
        await using var harness = await ReliabilityHarness.StartAsync(database, connections: 2);
        var recorder = await harness.CreateKeyAsync("recorder");
        var conversation = await harness.OpenConversationAsync(recorder);
        var batch = new JsonArray();
        for (var i = 0; i < Interactions; i++)
        {
            batch.Add(new JsonObject
            {
                ["senderId"] = conversation.StaffId,
                ["receiverIds"] = new JsonArray(conversation.CustomerId),
                ["occurredAt"] = new DateTimeOffset(2025, 3, 14, 9, i, 0, TimeSpan.Zero),
                ["contentHash"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
                ["source"] = new JsonObject { ["system"] = "tamper", ["id"] = $"m-{i}" },
                ["payload"] = new JsonObject { ["kind"] = "monetary", ["amount"] = 100m + i, ["currency"] = "EUR", ["direction"] = "revenue" },
            });
        }
        await harness.SendJsonAsync(HttpMethod.Post, $"/api/conversations/{conversation.ConversationId}/interactions/batch", recorder,
            new JsonObject { ["interactions"] = batch }, HttpStatusCode.Created);
        var intact = await harness.VerifyAsync();
        intact.GetProperty("intact").GetBoolean().ShouldBeTrue("the untouched log verifies");
        intact.GetProperty("verifiedUpTo").GetInt64().ShouldBe(3L + Interactions);

        await LedgerFacts.ExecuteAsync(database, $"SET session_replication_role = replica; {sql}");

        var verify = await harness.VerifyAsync();
        output.WriteLine($"{tampering}: {verify}");
        verify.GetProperty("intact").GetBoolean().ShouldBeFalse($"tampering ({tampering}) went undetected");
        verify.GetProperty("firstBadPosition").GetInt64().ShouldBe(expectedBadPosition);
        verify.GetProperty("verifiedUpTo").GetInt64().ShouldBe(expectedBadPosition - 1);
    }
}
