namespace Ledger.Api.Security;

/// <summary>The roles an API key can hold. Every endpoint declares which of them it admits.</summary>
public static class Roles
{
    public const string Recorder = "recorder";
    public const string Finance = "finance";
    public const string Executive = "executive";
    public const string Pilot = "pilot";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Recorder, Finance, Executive, Pilot, Auditor, Admin];

    /// <summary>Roles that may read business records (not personal data).</summary>
    public static string[] Readers { get; } = [Recorder, Finance, Executive, Pilot, Auditor];

    /// <summary>Roles that may read reports.</summary>
    public static string[] Reports { get; } = [Finance, Executive, Pilot];
}

/// <summary>Endpoint metadata: the roles an endpoint admits (read by the authorization policy and the role-matrix test).</summary>
public sealed record AdmitsRoles(IReadOnlyList<string> Roles);

public static class AdmitsRolesExtensions
{
    /// <summary>Requires an API key holding one of <paramref name="roles"/>, and records them as endpoint metadata.</summary>
    public static TBuilder Admits<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder
            .WithMetadata(new AdmitsRoles(roles))
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireRole(roles))
            // Every authenticated endpoint can answer these; the OpenAPI document lists them as problem details.
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status409Conflict, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status412PreconditionFailed, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
}
