using System.CommandLine;
using System.Text.Json;

namespace Ledger.Cli.Commands;

/// <summary>rebuild, verify, digest: operating and auditing a running ledger.</summary>
internal static class OperationsCommands
{
    public static Command Rebuild()
    {
        var projection = new Argument<string>("projection") { Description = "Projection to rebuild, e.g. transactions" };
        var command = new Command("rebuild", "Rebuild a projection beside the live one from position 0; it is swapped in when caught up (admin).\n  example: ledger rebuild transactions --api-key ldg_…")
        {
            projection,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var api = CommonOptions.Api(parse);
            using var started = await api.PostAsync($"/api/projections/{Uri.EscapeDataString(parse.GetValue(projection)!)}/rebuild", null, ct);
            Console.WriteLine($"rebuilding {started.RootElement.GetProperty("projection").GetString()} into {started.RootElement.GetProperty("tableSet").GetString()}; reports answer from the live table set until the swap");
            return 0;
        });
        return command;
    }

    public static Command Verify()
    {
        var from = new Option<long?>("--from") { Description = "First position (default 1)" };
        var to = new Option<long?>("--to") { Description = "Last position (default: the head)" };
        var command = new Command("verify", "Recompute the hash chain and report the first bad position, if any (auditor).\n  example: ledger verify --from 1000 --to 2000")
        {
            from, to,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var api = CommonOptions.Api(parse);
            var query = string.Join('&', new[] { ("from", parse.GetValue(from)), ("to", parse.GetValue(to)) }.Where(q => q.Item2 is not null).Select(q => $"{q.Item1}={q.Item2}"));
            using var result = await api.GetAsync($"/api/ledger/verify{(query.Length > 0 ? "?" + query : "")}", ct);
            var r = result.RootElement;
            if (r.GetProperty("intact").GetBoolean())
            {
                Console.WriteLine($"intact up to position {r.GetProperty("verifiedUpTo").GetInt64()} with head hash {r.GetProperty("headHash").GetString()} ({r.GetProperty("eventsChecked").GetInt64()} events checked)");
                return 0;
            }
            Console.Error.WriteLine($"ledger: NOT intact: first bad position {r.GetProperty("firstBadPosition").GetInt64()}: {r.GetProperty("problem").GetString()}");
            return 2;
        });
        return command;
    }

    public static Command Digest()
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write the signed digest to this file (default: stdout)" };
        var command = new Command("digest", "Fetch a signed digest of the log's head, to anchor outside the database (auditor).\n  example: ledger digest -o digest.json")
        {
            output,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var api = CommonOptions.Api(parse);
            using var digest = await api.GetAsync("/api/ledger/digest", ct);
            var text = JsonSerializer.Serialize(digest.RootElement, new JsonSerializerOptions { WriteIndented = true });
            if (parse.GetValue(output) is { } file) await File.WriteAllTextAsync(file, text, ct);
            else Console.WriteLine(text);
            return 0;
        });
        return command;
    }
}
