using System.Text.Json;

namespace Ledger.Reliability.Harness;

public sealed record ApiParameter(string Name, JsonElement Schema);

public sealed record ApiOperation(string Method, string PathTemplate, IReadOnlyList<ApiParameter> PathParameters, IReadOnlyList<ApiParameter> QueryParameters, JsonElement? BodySchema)
{
    public override string ToString() => $"{Method} {PathTemplate}";
}

/// <summary>The API's endpoints as its own OpenAPI document describes them (so a new endpoint is attacked without a test change).</summary>
public sealed class OpenApiCatalog
{
    private readonly JsonElement _schemas;

    private OpenApiCatalog(JsonElement document)
    {
        _schemas = document.GetProperty("components").GetProperty("schemas");
        var operations = new List<ApiOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
                JsonElement? body = operation.Value.TryGetProperty("requestBody", out var requestBody)
                                    && requestBody.GetProperty("content").TryGetProperty("application/json", out var json)
                    ? json.GetProperty("schema")
                    : null;
                operations.Add(new ApiOperation(
                    operation.Name.ToUpperInvariant(), path.Name,
                    [.. parameters.Where(p => p.GetProperty("in").GetString() == "path").Select(Parameter)],
                    [.. parameters.Where(p => p.GetProperty("in").GetString() == "query").Select(Parameter)],
                    body));
            }
        }
        Operations = operations;
    }

    public IReadOnlyList<ApiOperation> Operations { get; }

    public static OpenApiCatalog Parse(JsonElement document) => new(document);

    /// <summary>Follows a <c>$ref</c> to the component schema it names.</summary>
    public JsonElement Resolve(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference)
            ? Resolve(_schemas.GetProperty(reference.GetString()!.Split('/')[^1]))
            : schema;

    private static ApiParameter Parameter(JsonElement p) =>
        new(p.GetProperty("name").GetString()!, p.TryGetProperty("schema", out var schema) ? schema : default);
}
