using Ledger.Api.Security;
using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

/// <summary>
/// The role matrix, generated from the endpoints the host maps: every endpoint × every role, no key and a revoked key.
/// An endpoint added later is covered without touching this file; one that declares no roles fails it.
/// </summary>
public sealed class RoleMatrixTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    private const string NoKey = "no key";
    private const string RevokedKey = "revoked key";

    /// <summary>The only routes that may be reached without a key.</summary>
    private static readonly HashSet<string> AnonymousRoutes = new(StringComparer.Ordinal) { "/health", "/openapi/{documentName}.json" };

    public static TheoryData<string> Callers() => [.. Roles.All, NoKey, RevokedKey];

    private IReadOnlyList<ApiEndpoint> Endpoints => ApiEndpoint.Of(factory.Services);

    [Fact]
    public void Every_endpoint_declares_its_roles_or_is_one_of_the_anonymous_ones()
    {
        var undeclared = Endpoints.Where(e => e.Admits is null && !(e.AllowsAnonymous && AnonymousRoutes.Contains(e.Route))).ToList();

        undeclared.ShouldBeEmpty($"endpoints without AdmitsRoles: {string.Join(", ", undeclared)}");
    }

    [Fact]
    public void Declared_roles_are_known_roles_and_no_endpoint_declares_none()
    {
        var declared = Endpoints.Where(e => e.Admits is not null).ToList();

        declared.ShouldAllBe(e => e.Admits!.Count > 0);
        declared.SelectMany(e => e.Admits!).Distinct().ShouldAllBe(role => Roles.All.Contains(role));
        declared.ShouldAllBe(e => !e.AllowsAnonymous);
    }

    [Fact]
    public void The_matrix_covers_every_documented_area()
    {
        var routes = Endpoints.Select(e => e.ToString()).ToList();

        routes.Count(r => r.Contains(" /api/", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(28);
        routes.ShouldContain("POST /api/participants/");
        routes.ShouldContain("GET /api/conversations/{conversationId:guid}");
        routes.ShouldContain("POST /api/conversations/{conversationId:guid}/interactions/batch");
        routes.ShouldContain("POST /api/initiatives/{initiativeId:guid}/costs");
        routes.ShouldContain("POST /api/decisions/");
        routes.ShouldContain("POST /api/ledger/digest/verify");
        routes.ShouldContain("POST /api/keys/{keyId:guid}/revoke");
        routes.ShouldContain("GET /health");
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Each_endpoint_admits_exactly_its_declared_roles(string caller)
    {
        var client = caller switch
        {
            NoKey => factory.Anonymous(),
            RevokedKey => factory.WithKey(await factory.RevokedKeyAsync(Roles.Admin)),
            _ => await factory.ClientAsync(caller),
        };
        var failures = new List<string>();
        var endpoints = Endpoints;
        endpoints.ShouldNotBeEmpty();

        foreach (var endpoint in endpoints)
        {
            using var response = await client.SendAsync(MinimalRequest(endpoint));
            var status = (int)response.StatusCode;
            var expected = Expectation(endpoint, caller);

            var ok = expected switch
            {
                401 or 403 => status == expected,
                _ => status is not (401 or 403) && status < 500,
            };
            if (status is 401 or 403 && response.Content.Headers.ContentType?.MediaType != Http.ProblemJson)
                ok = false;
            if (!ok)
                failures.Add($"{endpoint} as {caller}: expected {(expected == 0 ? "admitted (not 401/403/5xx)" : expected.ToString())}, got {status} {response.Content.Headers.ContentType} {await response.Content.ReadAsStringAsync()}");
        }

        failures.ShouldBeEmpty(string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Every_endpoint_answers_a_minimal_request_from_an_admitted_key_without_a_server_error()
    {
        var failures = new List<string>();
        foreach (var endpoint in Endpoints)
        {
            var client = endpoint.Admits is { Count: > 0 } roles ? await factory.ClientAsync(roles[0]) : factory.Anonymous();
            using var response = await client.SendAsync(MinimalRequest(endpoint));
            var status = (int)response.StatusCode;
            if (status >= 500 || (status >= 400 && response.Content.Headers.ContentType?.MediaType != Http.ProblemJson))
                failures.Add($"{endpoint}: {status} {response.Content.Headers.ContentType} {await response.Content.ReadAsStringAsync()}");
        }

        failures.ShouldBeEmpty(string.Join(Environment.NewLine, failures));
    }

    /// <summary>Route parameters filled with fresh guids, and an empty JSON object as the body of a POST.</summary>
    private static HttpRequestMessage MinimalRequest(ApiEndpoint endpoint)
    {
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.SampleUrl());
        if (endpoint.Method is "POST" or "PUT" or "PATCH") request.Content = Http.RawJson("{}");
        return request;
    }

    /// <summary>401 or 403 when the caller must be refused; 0 when it must get through authorization.</summary>
    private static int Expectation(ApiEndpoint endpoint, string caller)
    {
        if (endpoint.Admits is null) return 0; // anonymous: allowed only for the routes the first fact names
        return caller switch
        {
            NoKey or RevokedKey => 401,
            _ when endpoint.Admits.Contains(caller) => 0,
            _ => 403,
        };
    }
}
