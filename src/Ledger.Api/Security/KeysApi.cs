using System.Security.Claims;
using Ledger.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Security;

/// <summary>API keys: create (the secret is returned once), list, revoke (admin only); and, for any key, which key it is.</summary>
public static class KeysApi
{
    public sealed record CreateKeyRequest(string Name, string Role);

    public sealed record CreatedKey(Guid KeyId, string Name, string Role, string Secret);

    /// <summary>The calling key: its id, name and role (never its secret).</summary>
    public sealed record CurrentKey(Guid KeyId, string Name, string Role);

    public static RouteGroupBuilder MapKeysApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/keys").WithTags("API keys");
        group.MapPost("/", Create).Admits(Roles.Admin).WithSummary("Create an API key for a role; the secret is shown once and only its hash is stored");
        group.MapGet("/", List).Admits(Roles.Admin).WithSummary("List API keys (never their secrets)");
        group.MapGet("/me", Me).Admits([.. Roles.All]).WithSummary("The calling key's id, name and role (never its secret); any valid key");
        group.MapPost("/{keyId:guid}/revoke", Revoke).Admits(Roles.Admin).WithSummary("Revoke an API key");
        return group;
    }

    public static async Task<Created<CreatedKey>> Create(CreateKeyRequest request, HttpContext http, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100 || request.Name.Any(char.IsControl))
            throw new ClientInputException("name", "name must be 1 to 100 printable characters.", "invalid_name");
        if (!Roles.All.Contains(request.Role))
            throw new ClientInputException("role", $"role must be one of: {string.Join(", ", Roles.All)}.", "unknown_role");
        var (key, secret) = await keys.CreateAsync(request.Name.Trim(), request.Role, http.User.Actor(), null, cancellationToken);
        return TypedResults.Created($"/api/keys/{key.KeyId}", new CreatedKey(key.KeyId, key.Name, key.Role, secret));
    }

    public static Ok<CurrentKey> Me(HttpContext http) =>
        TypedResults.Ok(new CurrentKey(
            Guid.Parse(http.User.KeyId(), System.Globalization.CultureInfo.InvariantCulture),
            http.User.FindFirstValue(ClaimTypes.Name) ?? "",
            http.User.FindFirstValue(ClaimTypes.Role) ?? ""));

    public static async Task<Ok<IReadOnlyList<ApiKey>>> List(ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(cancellationToken));

    public static async Task<NoContent> Revoke(Guid keyId, ApiKeyStore keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(keyId, cancellationToken)
            ? TypedResults.NoContent()
            : throw Domain.Common.DomainException.NotFound("key_not_found", $"No active key {keyId}.");
}
