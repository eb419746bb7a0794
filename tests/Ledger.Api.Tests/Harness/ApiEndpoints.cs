using Ledger.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Harness;

/// <summary>One HTTP method of one route the host maps, with the roles it declares (null when it declares none).</summary>
public sealed record ApiEndpoint(string Method, RoutePattern Pattern, IReadOnlyList<string>? Admits, bool AllowsAnonymous, string? Summary)
{
    public string Route => Pattern.RawText ?? "";

    /// <summary>
    /// The route with every parameter filled by a fresh guid (syntactically valid, names nothing that exists); the
    /// OpenAPI document name is the one document there is.
    /// </summary>
    public string SampleUrl()
    {
        var segments = Pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart { Name: "documentName" } => "v1",
            RoutePatternParameterPart => Guid.NewGuid().ToString(),
            _ => throw new NotSupportedException($"Route part {part.GetType().Name} in {Route}"),
        })));
        return "/" + string.Join('/', segments);
    }

    /// <summary>The path as OpenAPI names it: constraints dropped, no trailing slash.</summary>
    public string OpenApiPath()
    {
        var segments = Pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            _ => throw new NotSupportedException($"Route part {part.GetType().Name} in {Route}"),
        })));
        return "/" + string.Join('/', segments.Where(s => s.Length > 0));
    }

    public override string ToString() => $"{Method} {Route}";

    /// <summary>Every endpoint the running host maps, read from its <see cref="EndpointDataSource"/>.</summary>
    public static IReadOnlyList<ApiEndpoint> Of(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new ApiEndpoint(
                method,
                endpoint.RoutePattern,
                endpoint.Metadata.GetMetadata<AdmitsRoles>()?.Roles,
                endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary)))
            .OrderBy(e => e.Route, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)];
}
