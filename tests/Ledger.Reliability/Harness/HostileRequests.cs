using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Reliability.Harness;

/// <summary>One adversarial request: what it attacks, and everything needed to send it.</summary>
public sealed record HostileRequest(
    string Attack, HttpMethod Method, string Url, byte[]? Body, string? ContentType, string? ApiKey, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Url);
        if (ApiKey is not null) message.Headers.TryAddWithoutValidation("X-Api-Key", ApiKey);
        foreach (var (name, value) in Headers) message.Headers.TryAddWithoutValidation(name, value);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        return message;
    }

    public override string ToString() =>
        $"[{Attack}] {Method} {Url[..Math.Min(Url.Length, 200)]} key={(ApiKey is null ? "none" : ApiKey[..Math.Min(ApiKey.Length, 12)])} " +
        $"headers={string.Join(";", Headers.Select(h => $"{h.Key}={h.Value[..Math.Min(h.Value.Length, 40)]}"))} " +
        $"body={(Body is null ? "none" : Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300)))}";
}

/// <summary>
/// Generates malformed and adversarial requests against every operation of the OpenAPI document, deterministically
/// from a seed. Every request that could write carries at least one defect that must get it refused (no key, a forged
/// key, a role the endpoint does not admit, broken or oversized JSON, a wrong type, a wrong content type, a route to
/// nothing), so that the ledger's head must not move; on top, every text field holds hostile text (SQL injection,
/// lone surrogates, U+0000, RTL marks, 10k-character strings) and headers and query strings are garbled.
/// </summary>
public sealed class HostileRequestGenerator(OpenApiCatalog catalog, IReadOnlyDictionary<string, string> keysByRole)
{
    // Placeholders replaced in the serialized JSON: System.Text.Json will not write these on its own.
    private const string LoneHigh = "@@LONE_HIGH@@";
    private const string LoneLow = "@@LONE_LOW@@";
    private const string Nul = "@@NUL@@";
    private const string RawToken = "@@RAW@@";
    public const int OversizedBytes = 5 * 1024 * 1024;

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly string[] HostileText =
    [
        "'; DROP TABLE ledger.events; --",
        "\" OR 1=1 --",
        "Robert'); DROP TABLE ledger_api.api_keys;--",
        "1; UPDATE ledger.head SET position = 0; --",
        "$1",
        "%s%s%s%n",
        "${jndi:ldap://127.0.0.1/a}",
        "<script>alert(1)</script>",
        "../../../../etc/passwd",
        $"a{LoneHigh}b",
        $"{LoneLow}",
        $"x{Nul}y",
        "\u202Esales\u202C",
        "\u200Fcustomer",
        "\uFEFFbom",
        "e\u0301\u0301\u0301\u0301",
        "😀🏳️‍🌈",
        "\u0007\u001b[31mred",
        "line\r\nbreak",
        new string('A', 10_000),
        string.Concat(Enumerable.Repeat("ß😀", 2_500)),
        "",
        " ",
        "null",
        "-1",
        "NaN",
        "%00",
        "\\",
        "{\"nested\":\"json\"}",
    ];

    private static readonly string[] HostileQuery =
    [
        "-1", "abc", "99999999999999999999", "1e400", "", "NaN", "Infinity", "%00", "0x10", "-9223372036854775808",
        "9223372036854775807", "2025-13-45", "0", "1001", "' OR '1'='1", "'; DROP TABLE ledger.events; --", "true", "[]",
        "\u202E1", new string('9', 1_000),
    ];

    private static readonly string[] RawTokens =
        ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "99999999999999999999999999999", "-99999999999999999999999999999", "0x10", "01", "+1", ".5", "1.e5", "undefined", "'single'"];

    private static readonly string[] WrongContentTypes =
        ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "image/png", "application/octet-stream"];

    private static readonly string[] BadIdempotencyKeys = [new string('k', 201), new string('k', 5_000), " ", ""];

    private static readonly string[] BadIfMatch = ["abc", "\"-1\"", "W/\"x\"", "99999999999999999999", "1.5", "\"1\", \"2\"", "'; DROP TABLE ledger.events; --", "\"\"", "W/"];

    public HostileRequest Create(int seed)
    {
        var random = new Random(seed);
        var roll = random.NextDouble();
        if (roll < 0.03) return UnknownPath(random);
        var operation = catalog.Operations[random.Next(catalog.Operations.Count)];
        if (roll < 0.06) return WrongMethod(random, operation);
        return operation.Method == "POST" ? Post(random, operation) : Get(random, operation);
    }

    private HostileRequest Get(Random random, ApiOperation operation)
    {
        var headers = NoiseHeaders(random);
        return new HostileRequest("get:garbled-route-and-query", HttpMethod.Get, Url(random, operation, keepRouteHostile: false), null, null, AnyKey(random), headers);
    }

    private HostileRequest Post(Random random, ApiOperation operation)
    {
        var headers = NoiseHeaders(random);
        var url = Url(random, operation, keepRouteHostile: false);
        var key = AnyKey(random);
        if (operation.BodySchema is not { } schema)
        {
            // Body-less commands (revoke, rebuild, resume): their route names nothing that exists.
            return new HostileRequest("post:route-to-nothing", HttpMethod.Post, url, null, null, key, headers);
        }

        var body = Sample(random, schema, depth: 0) ?? new JsonObject();
        Garble(random, body);
        var json = Serialize(body);
        var contentType = "application/json";
        var defects = new List<string>();
        if (operation.PathParameters.Count > 0) defects.Add("route-to-nothing");
        // A command with a well-formed route still gets one certain defect; any command may get a second one.
        var wanted = operation.PathParameters.Count > 0 ? random.Next(0, 2) : random.Next(1, 3);
        for (var i = 0; i < wanted; i++)
        {
            switch (random.Next(10))
            {
                case 0:
                    key = null;
                    defects.Add("no-key");
                    break;
                case 1:
                    key = Forged(random);
                    defects.Add("forged-key");
                    break;
                case 2:
                    key = operation.PathTemplate == "/api/ledger/digest/verify" ? keysByRole["executive"] : keysByRole["auditor"];
                    defects.Add("wrong-role");
                    break;
                case 3:
                    json = json[..random.Next(0, Math.Max(1, json.Length - 1))];
                    defects.Add("truncated-json");
                    break;
                case 4:
                    contentType = WrongContentTypes[random.Next(WrongContentTypes.Length)];
                    defects.Add("wrong-content-type");
                    break;
                case 5:
                    json = new[] { "[]", "\"text\"", "42", "true", "null", "[{}]", "{}", "" }[random.Next(8)];
                    defects.Add("wrong-root");
                    break;
                case 6:
                    json = Nest(random, body, 1_000);
                    defects.Add("deep-nesting");
                    break;
                case 7 when random.Next(25) == 0:
                    json = "{\"payload\":\"" + new string('A', OversizedBytes) + "\"}";
                    defects.Add("oversized");
                    break;
                case 8:
                    json = ReplaceOne(random, body, $"\"{RawToken}\"", RawTokens[random.Next(RawTokens.Length)]);
                    defects.Add("bad-number-token");
                    break;
                default:
                    json = ReplaceOne(random, body, $"\"{RawToken}\"", JsonSerializer.Serialize(HostileText[random.Next(HostileText.Length)], Relaxed));
                    defects.Add("wrong-type");
                    break;
            }
        }
        if (defects.Count == 0)
        {
            key = null;
            defects.Add("no-key");
        }
        var bytes = Encoding.UTF8.GetBytes(Unplace(json));
        return new HostileRequest("post:" + string.Join("+", defects.Distinct()), HttpMethod.Post, url, bytes, contentType, key, headers);
    }

    private HostileRequest WrongMethod(Random random, ApiOperation operation)
    {
        var method = new[] { HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch }[random.Next(3)];
        return new HostileRequest("wrong-method", method, Url(random, operation, keepRouteHostile: false), Encoding.UTF8.GetBytes("{}"), "application/json", AnyKey(random), []);
    }

    private HostileRequest UnknownPath(Random random)
    {
        var paths = new[]
        {
            "/api/" + Uri.EscapeDataString(Hostile(random, 500)),
            "/api/ledger/events/extra",
            "/api/conversations/" + Guid.NewGuid() + "/interactions/" + Guid.NewGuid() + "/unknown",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/api/keys/" + Uri.EscapeDataString("'; DROP TABLE ledger_api.api_keys; --"),
            "/api//participants",
        };
        var method = random.Next(2) == 0 ? HttpMethod.Get : HttpMethod.Post;
        return new HostileRequest("unknown-path", method, paths[random.Next(paths.Length)], method == HttpMethod.Post ? "{}"u8.ToArray() : null,
            "application/json", AnyKey(random), NoiseHeaders(random));
    }

    private string Url(Random random, ApiOperation operation, bool keepRouteHostile)
    {
        var path = operation.PathTemplate;
        foreach (var parameter in operation.PathParameters)
        {
            var value = random.Next(3) switch
            {
                0 when !keepRouteHostile => Guid.NewGuid().ToString(),
                1 => new[] { "not-a-guid", "00000000-0000-0000-0000-000000000000", "-1", "0", "ffffffff-ffff-ffff-ffff-fffffffffffff" }[random.Next(5)],
                _ => Hostile(random, 1_000),
            };
            path = path.Replace("{" + parameter.Name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }
        var query = new List<string>();
        foreach (var parameter in operation.QueryParameters)
        {
            if (random.Next(3) != 0) query.Add($"{parameter.Name}={Uri.EscapeDataString(HostileQuery[random.Next(HostileQuery.Length)])}");
        }
        if (random.Next(10) == 0) query.Add($"{Uri.EscapeDataString(Hostile(random, 100))}={Uri.EscapeDataString(Hostile(random, 100))}");
        if (random.Next(20) == 0 && operation.QueryParameters.Count > 0) query.Add($"{operation.QueryParameters[0].Name}=1&{operation.QueryParameters[0].Name}=2");
        return query.Count == 0 ? path : $"{path}?{string.Join("&", query)}";
    }

    private List<KeyValuePair<string, string>> NoiseHeaders(Random random)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (random.Next(4) == 0) headers.Add(new("Idempotency-Key", random.Next(3) == 0 ? "hostile-" + Guid.NewGuid() : BadIdempotencyKeys[random.Next(BadIdempotencyKeys.Length)]));
        if (random.Next(4) == 0) headers.Add(new("If-Match", BadIfMatch[random.Next(BadIfMatch.Length)]));
        if (random.Next(20) == 0) headers.Add(new("Authorization", "Bearer " + Forged(random)));
        // Not "Accept: application/xml": that turns every error into a 500 today (README, known bug B1), and is tested on its own.
        return headers;
    }

    private string? AnyKey(Random random) =>
        random.Next(8) switch
        {
            0 => null,
            1 => Forged(random),
            _ => keysByRole.Values.ElementAt(random.Next(keysByRole.Count)),
        };

    private static string Forged(Random random) =>
        random.Next(4) switch
        {
            0 => "ldg_" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('='),
            1 => "short",
            2 => new string('k', 300),
            _ => "' OR '1'='1",
        };

    private static string Hostile(Random random, int maxLength)
    {
        var text = Unplace(HostileText[random.Next(HostileText.Length)]).Replace("\\ud800", "\ud800", StringComparison.Ordinal)
            .Replace("\\udc00", "\udc00", StringComparison.Ordinal).Replace("\\u0000", "\0", StringComparison.Ordinal);
        return text.Length > maxLength ? text[..maxLength] : text;
    }

    /// <summary>A JSON value shaped like the schema: enums and formats valid, every free text field hostile.</summary>
    private JsonNode? Sample(Random random, JsonElement schema, int depth)
    {
        schema = catalog.Resolve(schema);
        if (depth > 6 || schema.ValueKind != JsonValueKind.Object) return null;
        if (schema.TryGetProperty("enum", out var values))
            return JsonValue.Create(values[random.Next(values.GetArrayLength())].GetString());
        foreach (var alternatives in new[] { "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(alternatives, out var options))
            {
                var candidates = options.EnumerateArray().Where(o => !IsNullType(o)).ToList();
                if (candidates.Count > 0) return Sample(random, candidates[random.Next(candidates.Count)], depth + 1);
            }
        }
        var type = TypeOf(schema);
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return type switch
        {
            "object" or null when schema.TryGetProperty("properties", out var properties) => Object(random, properties, depth),
            "array" => new JsonArray(schema.TryGetProperty("items", out var items) ? Sample(random, items, depth + 1) : null),
            "integer" => JsonValue.Create(random.Next(-5, 5)),
            "number" => JsonValue.Create(random.Next(3) == 0 ? -12.5m : random.Next(2) == 0 ? 0m : 1234.5m),
            "boolean" => JsonValue.Create(true),
            "string" when format == "uuid" => JsonValue.Create(Guid.NewGuid()),
            "string" when format == "date-time" => JsonValue.Create(new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.Zero)),
            "string" when format == "date" => JsonValue.Create("2025-03-14"),
            "string" => JsonValue.Create(HostileText[random.Next(HostileText.Length)]),
            _ => null,
        };
    }

    private JsonObject Object(Random random, JsonElement properties, int depth)
    {
        var result = new JsonObject();
        foreach (var property in properties.EnumerateObject())
        {
            // The "kind" discriminator must be written first to select a payload type; keep the schema's order.
            result[property.Name] = Sample(random, property.Value, depth + 1);
        }
        return result;
    }

    private static bool IsNullType(JsonElement schema) => TypeOf(schema) == "null";

    private static string? TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type)) return null;
        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null")
            : type.GetString();
    }

    /// <summary>Semantic noise: amounts zero or negative, currencies that are not ISO codes.</summary>
    private static void Garble(Random random, JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (name == "amount" && random.Next(2) == 0) obj[name] = random.Next(2) == 0 ? 0 : -0.01m;
                    else if (name == "currency" && random.Next(2) == 0) obj[name] = new[] { "EURO", "eur", "€", "XXX", "'; DROP TABLE ledger.events; --" }[random.Next(5)];
                    else if (obj[name] is { } child) Garble(random, child);
                }
                if (random.Next(10) == 0) obj["__proto__"] = new JsonObject { ["polluted"] = true };
                break;
            case JsonArray array:
                foreach (var child in array.OfType<JsonNode>()) Garble(random, child);
                break;
        }
    }

    /// <summary>The body with one property value (at any depth) replaced by <paramref name="replacement"/>.</summary>
    private static string ReplaceOne(Random random, JsonNode body, string placeholder, string replacement)
    {
        var copy = body.DeepClone();
        var holders = new List<(JsonObject Parent, string Name)>();
        Collect(copy, holders);
        if (holders.Count == 0) return replacement;
        var (parent, name) = holders[random.Next(holders.Count)];
        parent[name] = RawToken;
        return Serialize(copy).Replace(placeholder, replacement, StringComparison.Ordinal);
    }

    private static string Nest(Random random, JsonNode body, int levels)
    {
        var nested = new string('[', levels) + new string(']', levels);
        if (random.Next(2) == 0) return nested;
        return ReplaceOne(random, body, $"\"{RawToken}\"", nested);
    }

    private static void Collect(JsonNode? node, List<(JsonObject, string)> holders)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj)
            {
                holders.Add((obj, name));
                Collect(child, holders);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array) Collect(child, holders);
        }
    }

    private static string Serialize(JsonNode node) => node.ToJsonString(Relaxed);

    private static string Unplace(string json) =>
        json.Replace(LoneHigh, "\\ud800", StringComparison.Ordinal)
            .Replace(LoneLow, "\\udc00", StringComparison.Ordinal)
            .Replace(Nul, "\\u0000", StringComparison.Ordinal);
}
