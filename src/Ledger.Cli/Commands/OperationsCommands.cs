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
        var file = new Option<FileInfo?>("--file") { Description = "Verify an export (JSON Lines) offline, with no database or API" };
        var digest = new Option<FileInfo?>("--digest") { Description = "With --file: a signed digest (from 'ledger digest') the export must match" };
        var command = new Command("verify",
            "Recompute the hash chain and report the first bad position, if any. Online through the API (auditor), or offline with --file.\n" +
            "  example: ledger verify --from 1000 --to 2000\n  example: ledger verify --file export.jsonl --digest digest.json")
        {
            from, to, file, digest,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(file) is { } export)
                return Report(await VerifyOfflineAsync(export, parse.GetValue(digest), ct));
            if (parse.GetValue(digest) is not null) throw new CliException("--digest is for offline verification: add --file export.jsonl");
            using var api = CommonOptions.Api(parse);
            var query = string.Join('&', new[] { ("from", parse.GetValue(from)), ("to", parse.GetValue(to)) }.Where(q => q.Item2 is not null).Select(q => $"{q.Item1}={q.Item2}"));
            using var result = await api.GetAsync($"/api/ledger/verify{(query.Length > 0 ? "?" + query : "")}", ct);
            var r = result.RootElement;
            return Report(new Ledger.EventStore.Verification.VerificationResult(
                r.GetProperty("intact").GetBoolean(), r.GetProperty("verifiedUpTo").GetInt64(), r.GetProperty("headHash").GetString() ?? "",
                r.GetProperty("firstBadPosition").ValueKind == JsonValueKind.Number ? r.GetProperty("firstBadPosition").GetInt64() : null,
                r.GetProperty("problem").GetString(), r.GetProperty("eventsChecked").GetInt64()));
        });
        return command;
    }

    private static async Task<Ledger.EventStore.Verification.VerificationResult> VerifyOfflineAsync(FileInfo export, FileInfo? digestFile, CancellationToken ct)
    {
        if (!export.Exists) throw new CliException($"export file '{export.FullName}' does not exist");
        Ledger.EventStore.Verification.SignedDigest? digest = null;
        if (digestFile is not null)
        {
            if (!digestFile.Exists) throw new CliException($"digest file '{digestFile.FullName}' does not exist");
            try
            {
                digest = JsonSerializer.Deserialize<Ledger.EventStore.Verification.SignedDigest>(await File.ReadAllTextAsync(digestFile.FullName, ct), new JsonSerializerOptions(JsonSerializerDefaults.Web))
                         ?? throw new CliException($"'{digestFile.Name}' is empty");
            }
            catch (JsonException ex)
            {
                throw new CliException($"'{digestFile.Name}' is not a signed digest: {ex.Message}");
            }
        }
        return Ledger.EventStore.Verification.OfflineVerifier.Verify(File.ReadLines(export.FullName), digest);
    }

    private static int Report(Ledger.EventStore.Verification.VerificationResult r)
    {
        if (r.Intact)
        {
            Console.WriteLine($"intact up to position {r.VerifiedUpTo} with head hash {r.HeadHash} ({r.EventsChecked} events checked)");
            return 0;
        }
        Console.Error.WriteLine($"ledger: NOT intact: first bad position {r.FirstBadPosition}: {r.Problem}");
        return 2;
    }

    public static Command Export()
    {
        var output = new Option<FileInfo>("--output", "-o") { Description = "JSON Lines file to write", Required = true };
        var command = new Command("export", "Export the whole log as JSON Lines (the interchange format; verifiable offline) (auditor).\n  example: ledger export -o export.jsonl")
        {
            output,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var api = CommonOptions.Api(parse);
            var file = parse.GetValue(output)!;
            long count = 0;
            await using var writer = new StreamWriter(file.FullName, append: false, new System.Text.UTF8Encoding(false));
            using (var head = await api.GetAsync("/api/ledger/head", ct))
            {
                var bar = new ProgressBar("exporting", head.RootElement.GetProperty("position").GetInt64(), "events");
                long after = 0;
                while (true)
                {
                    var page = await api.GetTextAsync($"/api/ledger/export?after={after}&limit=10000", ct);
                    var lines = page.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                    foreach (var line in lines) await writer.WriteLineAsync(line.AsMemory(), ct);
                    count += lines.Length;
                    bar.Report(count);
                    if (lines.Length < 10_000) break;
                    after = Ledger.EventStore.Verification.LedgerExport.FromLine(lines[^1]).Position;
                }
                bar.Finish();
            }
            Console.WriteLine($"exported {count:N0} events to {file.FullName}");
            return 0;
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
