using System.Text.Json;
using Ledger.Projections.Serialization;

namespace Ledger.Api.Hosting;

/// <summary>The HTTP API speaks the same JSON as the stored events (<see cref="DomainJson"/>).</summary>
public static class JsonSetup
{
    public static JsonSerializerOptions Options => DomainJson.Options;

    public static JsonSerializerOptions Configure(JsonSerializerOptions options) => DomainJson.Configure(options);
}
