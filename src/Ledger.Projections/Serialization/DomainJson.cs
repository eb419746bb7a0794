using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Projections.Serialization;

/// <summary>One set of JSON options for stored domain events and for the HTTP API.</summary>
public static class DomainJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        // Missing or null required fields become field errors instead of default values.
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        // jsonb reorders keys, so a stored payload's "kind" is not always first.
        options.AllowOutOfOrderMetadataProperties = true;
        options.MaxDepth = 32;
        return options;
    }
}
