using System.CommandLine;
using System.Text.Json;

namespace Ledger.Cli.Commands;

/// <summary>keys create|list|revoke: manage API keys (admin).</summary>
internal static class KeysCommand
{
    private static readonly string[] Roles = ["recorder", "finance", "executive", "pilot", "auditor", "admin"];

    public static Command Create()
    {
        var keys = new Command("keys", "Manage API keys (admin key required).\n  example: ledger keys create --name finance-team --role finance\n  example: ledger keys list\n  example: ledger keys revoke 0192f0c2-…");
        keys.Subcommands.Add(CreateKey());
        keys.Subcommands.Add(List());
        keys.Subcommands.Add(Revoke());
        return keys;
    }

    private static Command CreateKey()
    {
        var name = new Option<string>("--name") { Description = "Who or what the key is for", Required = true };
        var role = new Option<string>("--role") { Description = string.Join(", ", Roles), Required = true };
        role.AcceptOnlyFromAmong(Roles);
        var command = new Command("create", "Create a key; its secret is printed once and only its hash is stored.\n  example: ledger keys create --name auditors --role auditor") { name, role };
        command.SetAction(async (parse, ct) =>
        {
            using var api = CommonOptions.Api(parse);
            using var created = await api.PostAsync("/api/keys", new { name = parse.GetValue(name), role = parse.GetValue(role) }, ct);
            var r = created.RootElement;
            Console.WriteLine($"key {r.GetProperty("keyId").GetGuid()} ({r.GetProperty("role").GetString()}): {r.GetProperty("secret").GetString()}");
            Console.Error.WriteLine("store the secret now: it cannot be shown again");
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List keys (never their secrets).\n  example: ledger keys list");
        command.SetAction(async (parse, ct) =>
        {
            using var api = CommonOptions.Api(parse);
            using var list = await api.GetAsync("/api/keys", ct);
            var rows = list.RootElement.ValueKind == JsonValueKind.Array ? list.RootElement : list.RootElement.GetProperty("keys");
            Console.WriteLine($"{"key id",-36}  {"role",-9}  {"revoked",-7}  name");
            foreach (var key in rows.EnumerateArray())
            {
                var revoked = key.TryGetProperty("revokedAt", out var at) && at.ValueKind != JsonValueKind.Null ? "yes" : "no";
                Console.WriteLine($"{key.GetProperty("keyId").GetGuid(),-36}  {key.GetProperty("role").GetString(),-9}  {revoked,-7}  {key.GetProperty("name").GetString()}");
            }
            return 0;
        });
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<Guid>("key-id") { Description = "The key's id (from 'ledger keys list')" };
        var command = new Command("revoke", "Revoke a key: it is refused from the next request on.\n  example: ledger keys revoke 0192f0c2-7d1e-7c3a-9f00-2b1c4d5e6f70") { id };
        command.SetAction(async (parse, ct) =>
        {
            using var api = CommonOptions.Api(parse);
            using var _ = await api.PostAsync($"/api/keys/{parse.GetValue(id)}/revoke", null, ct);
            Console.WriteLine($"revoked {parse.GetValue(id)}");
            return 0;
        });
        return command;
    }
}
