using System.CommandLine;
using Ledger.Domain.Conversations;
using Ledger.Import;
using Ledger.Import.Classification;
using Ledger.Import.Sources;

namespace Ledger.Cli.Commands;

/// <summary>classify --explain: which rule fires for each sample message, and why. Runs locally; nothing is sent.</summary>
internal static class ClassifyCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Sample messages: a text file (one message per line) or any import format" };
        var explain = new Option<bool>("--explain") { Description = "Show the rule that fired for each message and why (default on)", DefaultValueFactory = _ => true };
        var rules = new Option<FileInfo?>("--rules") { Description = "Classification rules (YAML); default: the built-in rule set" };
        var format = new Option<string?>("--format") { Description = "text, csv, slack or mbox (default: from the path; .txt is text)" };
        format.AcceptOnlyFromAmong([.. ExportFormats.All.Where(f => f != ExportFormats.JsonLines), "text"]);
        var channel = new Option<Channel>("--channel") { Description = "Channel assumed for text samples", DefaultValueFactory = _ => Channel.Email };
        var command = new Command("classify",
            "Classify sample messages with the rules and explain each verdict; nothing is recorded or sent.\n" +
            "  example: ledger classify --explain samples.txt\n  example: ledger classify --explain messages.csv --rules rules.yaml")
        {
            file, explain, rules, format, channel,
        };
        command.SetAction((parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path) && !Directory.Exists(path)) throw new CliException($"'{path}' does not exist");
            var ruleSet = LoadRules(parse.GetValue(rules));
            var chosen = parse.GetValue(format) ?? (path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) ? "text" : ExportFormats.Detect(path) ?? "text");
            var explainEach = parse.GetValue(explain);
            var count = 0;
            foreach (var (label, request) in Samples(path, chosen, parse.GetValue(channel), ct))
            {
                var outcome = ruleSet.Classify(request);
                count++;
                Console.WriteLine(explainEach
                    ? $"{label}\n{Indent(Explanation.Format(request, outcome))}"
                    : $"{label}: {outcome.Payload.Kind} ({outcome.Classification.RuleId}, {outcome.Classification.Confidence:0.00})");
            }
            if (count == 0) throw new CliException($"'{path}' holds no messages");
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>The rule set from a YAML file, or the built-in one; a bad file is one line naming where it is wrong.</summary>
    public static RuleSet LoadRules(FileInfo? file)
    {
        if (file is null) return RuleSet.Default;
        if (!file.Exists) throw new CliException($"rules file '{file.FullName}' does not exist");
        try
        {
            return RuleSet.Parse(File.ReadAllText(file.FullName), file.Name);
        }
        catch (RuleFileException ex)
        {
            throw new CliException(ex.Message.ReplaceLineEndings(" "));
        }
    }

    private static IEnumerable<(string Label, ClassificationRequest Request)> Samples(string path, string format, Channel channel, CancellationToken ct)
    {
        if (format == "text")
        {
            var n = 0;
            foreach (var line in File.ReadLines(path))
            {
                n++;
                if (!string.IsNullOrWhiteSpace(line)) yield return ($"{Path.GetFileName(path)}:{n}", new ClassificationRequest(line, channel));
            }
            yield break;
        }
        foreach (var record in ExportFormats.Open(path, format).Read(ct))
        {
            switch (record)
            {
                case MessageRecord { Message: var m }:
                    yield return (m.Location.ToString(), new ClassificationRequest(m.Text, m.Channel, m.Subject));
                    break;
                case MalformedRecord bad:
                    Console.Error.WriteLine($"{bad.Location}: {bad.Reason}");
                    break;
            }
        }
    }

    private static string Indent(string text) => string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(l => "  " + l));
}
