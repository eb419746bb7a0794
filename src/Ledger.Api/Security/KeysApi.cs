using Ledger.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Security;

/// <summary>API keys: create (the secret is returned once), list, revoke. Admin only.</summary>
public static class KeysApi
{
    public sealed record CreateKeyRequest(string Name, string Role);

    public sealed record CreatedKey(Guid KeyId, string Name, string Role, string Secret);

    public static RouteGroupBuilder MapKeysApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/keys").WithTags("API keys");
        group.MapPost("/", Create).Admits(Roles.Admin).WithSummary("Create an API key for a role; the secret is shown once and only its hash is stored");
        group.MapGet("/", List).Admits(Roles.Admin).WithSummary("List API keys (never their secrets)");
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

    public static async Task<Ok<IReadOnlyList<ApiKey>>> List(ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(cancellationToken));

    public static async Task<NoContent> Revoke(Guid keyId, ApiKeyStore keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(keyId, cancellationToken)
            ? TypedResults.NoContent()
            : throw Domain.Common.DomainException.NotFound("key_not_found", $"No active key {keyId}.");
}
