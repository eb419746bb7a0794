using System.CommandLine;
using System.Text.Json;

namespace Ledger.Cli.Commands;

/// <summary>report roi|outcomes|attribution|network as JSON or CSV (finance, executive, pilot).</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var kind = new Argument<string>("report") { Description = "roi, outcomes, attribution or network" };
        kind.AcceptOnlyFromAmong("roi", "outcomes", "attribution", "network");
        var asOf = new Option<long?>("--as-of") { Description = "Answer as of this log position" };
        var format = new Option<string>("--format") { Description = "json or csv", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "csv");
        var model = new Option<string?>("--model") { Description = "Attribution model: firstTouch, lastTouch, linear, timeDecay, positionBased" };
        var command = new Command("report", "Print a report.\n  example: ledger report roi --format csv\n  example: ledger report attribution --model positionBased --as-of 5000")
        {
            kind, asOf, format, model,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var api = CommonOptions.Api(parse);
            var path = parse.GetValue(kind) switch
            {
                "network" => "relationships",
                var other => other,
            };
            var query = new List<string> { $"format={parse.GetValue(format)}" };
            if (parse.GetValue(asOf) is { } position) query.Add($"asOf={position}");
            if (parse.GetValue(model) is { } m) query.Add($"model={Uri.EscapeDataString(m)}");
            var text = await api.GetTextAsync($"/api/reports/{path}?{string.Join('&', query)}", ct);
            Console.WriteLine(parse.GetValue(format) == "json"
                ? JsonSerializer.Serialize(JsonDocument.Parse(text).RootElement, new JsonSerializerOptions { WriteIndented = true })
                : text.TrimEnd());
            return 0;
        });
        return command;
    }
}
