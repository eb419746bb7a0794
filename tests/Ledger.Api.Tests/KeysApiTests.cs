using Ledger.Api.Security;
using Ledger.Api.Tests.Harness;

namespace Ledger.Api.Tests;

public sealed class KeysApiTests(LedgerApiFactory factory) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task Creates_a_key_whose_secret_authenticates_with_its_role()
    {
        var admin = await factory.ClientAsync(Roles.Admin);

        var response = await admin.PostJsonAsync("/api/keys", new { name = "  ingest bot  ", role = "recorder" });
        var created = await response.ShouldBeAsync(201);

        var keyId = created.GetProperty("keyId").GetGuid();
        response.Headers.Location!.ToString().ShouldBe($"/api/keys/{keyId}");
        created.GetProperty("name").GetString().ShouldBe("ingest bot");
        created.GetProperty("role").GetString().ShouldBe("recorder");
        var secret = created.GetProperty("secret").GetString()!;
        secret.ShouldStartWith("ldg_");
        secret.Length.ShouldBeGreaterThan(40);
        var client = factory.WithKey(secret);
        await client.RegisterParticipantAsync();
        await (await client.GetAsync(new Uri("/api/keys", UriKind.Relative))).ShouldBeProblemAsync(403);
    }

    [Fact]
    public async Task The_key_list_names_every_key_and_never_shows_a_secret()
    {
        var admin = await factory.ClientAsync(Roles.Admin);
        var (keyId, secret) = await factory.CreateKeyAsync(Roles.Auditor, "listed auditor");

        var response = await admin.GetAsync(new Uri("/api/keys", UriKind.Relative));
        var list = await response.ShouldBeAsync(200);
        var text = await response.Content.ReadAsStringAsync();

        var listed = list.EnumerateArray().Single(k => k.GetProperty("keyId").GetGuid() == keyId);
        listed.GetProperty("name").GetString().ShouldBe("listed auditor");
        listed.GetProperty("role").GetString().ShouldBe("auditor");
        list.EnumerateArray().ShouldContain(k => k.GetProperty("name").GetString() == "bootstrap-admin");
        text.ShouldNotContain(secret);
        text.ShouldNotContain(factory.AdminKey);
        text.ShouldNotContain("secret", Case.Insensitive);
        text.ShouldNotContain("hash", Case.Insensitive);
    }

    [Fact]
    public async Task A_revoked_key_gets_401_at_once()
    {
        var admin = await factory.ClientAsync(Roles.Admin);
        var (keyId, secret) = await factory.CreateKeyAsync(Roles.Recorder, "to revoke");
        var client = factory.WithKey(secret);
        await client.RegisterParticipantAsync();

        await (await admin.PostJsonAsync($"/api/keys/{keyId}/revoke", null)).ShouldBeAsync(204);

        var problem = await (await client.PostJsonAsync("/api/participants", Requests.Internal())).ShouldBeProblemAsync(401);
        problem.GetProperty("detail").GetString()!.ShouldContain("revoked");
        var listed = (await admin.GetJsonAsync("/api/keys")).EnumerateArray().Single(k => k.GetProperty("keyId").GetGuid() == keyId);
        listed.GetProperty("revokedAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.String);
    }

    [Theory]
    [InlineData(Roles.Recorder)]
    [InlineData(Roles.Finance)]
    [InlineData(Roles.Executive)]
    [InlineData(Roles.Pilot)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Admin)]
    public async Task Me_names_the_calling_key_and_its_role_and_never_its_secret(string role)
    {
        var (keyId, secret) = await factory.CreateKeyAsync(role, $"me as {role}");
        var response = await factory.WithKey(secret).GetAsync(new Uri("/api/keys/me", UriKind.Relative));
        var me = await response.ShouldBeAsync(200);
        var text = await response.Content.ReadAsStringAsync();

        me.GetProperty("keyId").GetGuid().ShouldBe(keyId);
        me.GetProperty("name").GetString().ShouldBe($"me as {role}");
        me.GetProperty("role").GetString().ShouldBe(role);
        me.EnumerateObject().Select(p => p.Name).ShouldBe(["keyId", "name", "role"], ignoreOrder: true);
        text.ShouldNotContain(secret);
        text.ShouldNotContain("secret", Case.Insensitive);
        text.ShouldNotContain("hash", Case.Insensitive);
    }

    [Fact]
    public async Task Me_refuses_a_revoked_key_and_no_key_with_401()
    {
        var admin = await factory.ClientAsync(Roles.Admin);
        var (keyId, secret) = await factory.CreateKeyAsync(Roles.Finance, "me then revoked");
        var client = factory.WithKey(secret);
        await (await client.GetAsync(new Uri("/api/keys/me", UriKind.Relative))).ShouldBeAsync(200);

        await (await admin.PostJsonAsync($"/api/keys/{keyId}/revoke", null)).ShouldBeAsync(204);

        var problem = await (await client.GetAsync(new Uri("/api/keys/me", UriKind.Relative))).ShouldBeProblemAsync(401);
        problem.GetProperty("detail").GetString()!.ShouldContain("revoked");
        await (await factory.Anonymous().GetAsync(new Uri("/api/keys/me", UriKind.Relative))).ShouldBeProblemAsync(401);
    }

    [Fact]
    public async Task Revoking_an_unknown_or_already_revoked_key_is_a_404()
    {
        var admin = await factory.ClientAsync(Roles.Admin);
        var (keyId, _) = await factory.CreateKeyAsync(Roles.Pilot, "revoked twice");
        await (await admin.PostJsonAsync($"/api/keys/{keyId}/revoke", null)).ShouldBeAsync(204);

        await (await admin.PostJsonAsync($"/api/keys/{keyId}/revoke", null)).ShouldBeProblemAsync(404);
        await (await admin.PostJsonAsync($"/api/keys/{Guid.NewGuid()}/revoke", null)).ShouldBeProblemAsync(404);
    }

    [Theory]
    [InlineData("superuser", "role")]
    [InlineData("Recorder", "role")]
    public async Task Creating_a_key_for_an_unknown_role_is_a_400(string role, string field)
    {
        var admin = await factory.ClientAsync(Roles.Admin);

        var errors = await (await admin.PostJsonAsync("/api/keys", new { name = "x", role })).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain(field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\tin name")]
    public async Task Creating_a_key_with_a_bad_name_is_a_400(string name)
    {
        var admin = await factory.ClientAsync(Roles.Admin);

        var errors = await (await admin.PostJsonAsync("/api/keys", new { name, role = "auditor" })).ShouldBeValidationProblemAsync();

        errors.Keys.ShouldContain("name");
    }

    [Fact]
    public async Task A_key_may_also_be_sent_as_a_bearer_token()
    {
        var client = factory.Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", factory.AdminKey);

        await client.GetJsonAsync("/api/keys");
    }
}
