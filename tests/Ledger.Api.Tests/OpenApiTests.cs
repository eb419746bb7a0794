using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

public sealed class OpenApiTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    private static string Normalise(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    [Fact]
    public async Task The_document_is_served_without_a_key()
    {
        var response = await factory.Anonymous().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var document = await response.ShouldBeAsync(200);

        response.ContentType()?.MediaType.ShouldBe("application/json");
        document.GetProperty("openapi").GetString()!.ShouldStartWith("3.");
        document.GetProperty("paths").EnumerateObject().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task The_document_lists_every_endpoint_with_its_summary()
    {
        var paths = (await factory.Anonymous().GetJsonAsync("/openapi/v1.json")).GetProperty("paths")
            .EnumerateObject().ToDictionary(p => Normalise(p.Name), p => p.Value, StringComparer.Ordinal);
        var endpoints = ApiEndpoint.Of(factory.Services).Where(e => !e.Route.StartsWith("/openapi", StringComparison.Ordinal)).ToList();
        endpoints.Count.ShouldBeGreaterThanOrEqualTo(29);
        var missing = new List<string>();

        foreach (var endpoint in endpoints)
        {
            endpoint.Summary.ShouldNotBeNullOrWhiteSpace($"{endpoint} has no WithSummary");
            var path = Normalise(endpoint.OpenApiPath());
            if (!paths.TryGetValue(path, out var item) || !item.TryGetProperty(endpoint.Method.ToLowerInvariant(), out var operation))
            {
                missing.Add($"{endpoint} (as {path})");
                continue;
            }
            operation.TryGetProperty("summary", out var summary).ShouldBeTrue($"{endpoint} has no summary in the document");
            summary.GetString().ShouldBe(endpoint.Summary);
        }

        missing.ShouldBeEmpty($"not in the OpenAPI document: {string.Join(", ", missing)}; it has {string.Join(", ", paths.Keys)}");
    }

    [Fact]
    public async Task The_document_describes_the_polymorphic_payload_by_its_kind()
    {
        var text = (await factory.Anonymous().GetJsonAsync("/openapi/v1.json")).GetRawText();

        foreach (var kind in new[] { "monetary", "informational", "logistical", "emotional" })
            text.ShouldContain($"\"{kind}\"");
    }

    [Fact]
    public async Task The_docs_page_is_served_without_a_key()
    {
        var response = await factory.Anonymous().GetAsync(new Uri("/docs/index.html", UriKind.Relative));

        ((int)response.StatusCode).ShouldBe(200);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Ledger API");
    }
}
