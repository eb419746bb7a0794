using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Ledger.Cli.Commands;

/// <summary>pilot run: replay history under a hypothesis (a JSON file) and print the comparison with the baseline.</summary>
internal static class PilotCommand
{
    public static Command Create()
    {
        var pilot = new Command("pilot", "Pilots: replay the recorded history under a hypothesis and compare it with the baseline (pilot key).");
        pilot.Subcommands.Add(Run());
        return pilot;
    }

    private static Command Run()
    {
        var file = new Argument<FileInfo>("hypothesis") { Description = "A hypothesis as JSON (see README, 'Pilots'); pinnedPosition defaults to the head" };
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("run",
            "Run a hypothesis to completion with a progress bar, then print each figure: baseline, hypothesis, difference.\n" +
            "  example: ledger pilot run forum-doubled.json\n  example: ledger pilot run no-social.json --format json")
        {
            file, format,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) throw new CliException($"hypothesis file '{path.FullName}' does not exist");
            JsonElement hypothesis;
            try
            {
                hypothesis = JsonDocument.Parse(await File.ReadAllTextAsync(path.FullName, ct)).RootElement;
            }
            catch (JsonException ex)
            {
                throw new CliException($"'{path.Name}' is not JSON: {ex.Message.ReplaceLineEndings(" ")}");
            }
            if (hypothesis.ValueKind != JsonValueKind.Object) throw new CliException($"'{path.Name}' must hold a JSON object");

            using var api = CommonOptions.Api(parse);
            using var started = await api.PostContentAsync("/api/pilots/runs", new StringContent(hypothesis.GetRawText(), System.Text.Encoding.UTF8, "application/json"), ct);
            var runId = started.RootElement.GetProperty("runId").GetGuid();
            var pinned = started.RootElement.GetProperty("pinnedPosition").GetInt64();
            var bar = new ProgressBar("replaying", pinned, "events");
            while (true)
            {
                await Task.Delay(250, ct);
                using var status = await api.GetAsync($"/api/pilots/runs/{runId}", ct);
                var s = status.RootElement;
                bar.Report(s.GetProperty("progress").GetInt64());
                var state = s.GetProperty("state").GetString();
                if (state is "running" or "queued") continue;
                bar.Finish();
                if (state != "completed")
                    throw new CliException($"pilot run {runId} {state}: {(s.TryGetProperty("error", out var e) ? e.GetString() : "no detail")}");
                Print(s.GetProperty("result"), parse.GetValue(format)!);
                return 0;
            }
        });
        return command;
    }

    private static void Print(JsonElement result, string format)
    {
        if (format == "json")
        {
            Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        var currency = result.GetProperty("currency").GetString();
        Console.WriteLine($"hypothesis '{result.GetProperty("hypothesis").GetString()}' at position {result.GetProperty("pinnedPosition").GetInt64()} ({currency})");
        Console.WriteLine($"{"figure",-48} {"baseline",16} {"hypothesis",16} {"difference",16} {"change",8}");
        foreach (var figure in result.GetProperty("figures").EnumerateArray())
        {
            var change = Number(figure, "relativeChange") is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "";
            var marker = Number(figure, "difference") is { } d && d != 0 ? " *" : "";
            Console.WriteLine($"{figure.GetProperty("figure").GetString(),-48} {Format(figure, "baseline"),16} {Format(figure, "hypothesis"),16} {Format(figure, "difference"),16} {change,8}{marker}");
        }
        Console.WriteLine($"result hash {result.GetProperty("resultHash").GetString()}");
    }

    private static decimal? Number(JsonElement figure, string name) =>
        figure.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;

    private static string Format(JsonElement figure, string name) =>
        Number(figure, name) is { } v ? v.ToString("N2", CultureInfo.InvariantCulture) : "—";
}
