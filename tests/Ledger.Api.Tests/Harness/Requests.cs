using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Ledger.Api.Tests.Harness;

/// <summary>Request bodies as JSON objects, valid by default, so that a test can break exactly one field.</summary>
public static class Requests
{
    public static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    public static string RandomHash() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static JsonObject Internal(string department = "sales") =>
        new() { ["type"] = "internal", ["department"] = department, ["office"] = "Lyon", ["country"] = "FR" };

    public static JsonObject External(string role = "customer") =>
        new() { ["type"] = "external", ["externalRole"] = role, ["organisationId"] = "org-42" };

    public static JsonObject Monetary(decimal amount = 120.50m, string currency = "EUR", string direction = "revenue") =>
        new() { ["kind"] = "monetary", ["amount"] = amount, ["currency"] = currency, ["direction"] = direction, ["reference"] = "invoice:INV-1" };

    public static JsonObject Informational(string what = "answer", string topic = "pricing", Guid? buildsOn = null)
    {
        var payload = new JsonObject { ["kind"] = "informational", ["what"] = what, ["topic"] = topic };
        if (buildsOn is { } on) payload["buildsOn"] = on;
        return payload;
    }

    public static JsonObject Emotional(string signal = "gratitude", decimal valence = 0.8m, int intensity = 3) =>
        new() { ["kind"] = "emotional", ["signal"] = signal, ["valence"] = valence, ["intensity"] = intensity };

    public static JsonObject Logistical(string item = "laptop", decimal quantity = 2, string unit = "pcs", string status = "shipped") =>
        new() { ["kind"] = "logistical", ["item"] = item, ["quantity"] = quantity, ["unit"] = unit, ["status"] = status };

    /// <summary>An interaction from <paramref name="sender"/> to <paramref name="receiver"/>; a random content hash unless content is given.</summary>
    public static JsonObject Interaction(Guid sender, Guid receiver, JsonObject? payload = null, string? content = null, Guid? interactionId = null)
    {
        var interaction = new JsonObject
        {
            ["senderId"] = sender,
            ["receiverIds"] = new JsonArray(receiver),
            ["occurredAt"] = Now,
            ["payload"] = payload ?? Monetary(),
            ["source"] = new JsonObject { ["system"] = "test-mail", ["id"] = Guid.NewGuid().ToString("N") },
        };
        if (content is not null) interaction["content"] = content;
        else interaction["contentHash"] = RandomHash();
        if (interactionId is { } id) interaction["interactionId"] = id;
        return interaction;
    }

    public static JsonObject Batch(params JsonObject[] interactions) => new() { ["interactions"] = new JsonArray([.. interactions]) };

    public static JsonObject Launch(Guid ownerId, string name = "Partner programme") =>
        new() { ["name"] = name, ["ownerId"] = ownerId, ["hypothesis"] = "Partners bring customers", ["startsAt"] = Now, ["plannedEndAt"] = Now.AddMonths(6) };

    public static JsonObject Decision(Guid decidedBy, string title = "Expand the programme", params (string Kind, Guid Id)[] informedBy) =>
        new()
        {
            ["title"] = title,
            ["rationale"] = "The pilot paid off",
            ["decidedBy"] = decidedBy,
            ["decidedAt"] = Now,
            ["informedBy"] = new JsonArray([.. informedBy.Select(r => (JsonNode)new JsonObject { ["kind"] = r.Kind, ["id"] = r.Id })]),
        };
}
