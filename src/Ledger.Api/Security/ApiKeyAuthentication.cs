using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Ledger.Api.Security;

/// <summary>
/// Authenticates <c>X-Api-Key: ldg_…</c> (or <c>Authorization: Bearer ldg_…</c>) against the stored key hashes.
/// Missing, unknown and revoked keys get a 401 problem; a key without the endpoint's role gets a 403 problem.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "ledger:key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null) return AuthenticateResult.NoResult();
        var key = await keys.FindActiveAsync(presented, Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("Unknown or revoked API key.");
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role), new Claim(KeyIdClaim, key.KeyId.ToString())], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status401Unauthorized, "Authentication required",
            PresentedKey(Request) is null
                ? "Send an API key in the X-Api-Key header."
                : "The API key is unknown or has been revoked.",
            "unauthenticated");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var admitted = Context.GetEndpoint()?.Metadata.GetMetadata<AdmitsRoles>()?.Roles ?? [];
        var role = Context.User.FindFirstValue(ClaimTypes.Role);
        return WriteProblem(StatusCodes.Status403Forbidden, "Not allowed for this role",
            $"A '{role}' key may not use this endpoint; it admits: {string.Join(", ", admitted)}.", "forbidden");
    }

    private async Task WriteProblem(int status, string title, string detail, string code)
    {
        Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = status, Title = title, Detail = detail,
                Type = $"https://ledger.example/problems/{code}", Extensions = { ["code"] = code },
            },
        });
    }

    internal static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var header) && header.Count > 0 && !string.IsNullOrWhiteSpace(header[0]))
            return header[0]!.Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }
}

public static class PrincipalExtensions
{
    /// <summary>Who acts: "key-name (role)" — recorded as the actor of every event the request appends.</summary>
    public static string Actor(this ClaimsPrincipal user) =>
        $"{user.FindFirstValue(ClaimTypes.Name) ?? "anonymous"} ({user.FindFirstValue(ClaimTypes.Role) ?? "none"})";

    public static string KeyId(this ClaimsPrincipal user) => user.FindFirstValue(ApiKeyAuthentication.KeyIdClaim) ?? "anonymous";
}
