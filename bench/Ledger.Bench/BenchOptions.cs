using System.Globalization;

namespace Ledger.Bench;

/// <summary>
/// Command-line options: --scenarios a,b,c,d,e,f,g,h --repeats 3 --duration 5 --bulk-events 1000000 --markdown FILE;
/// --projections [--only rebuild|pilots|pilots-diagnose] (only: run just the rebuild (r), or just the pilot scenarios (p)
/// and (s) of the projection bench; pilots-diagnose adds appends beside what a pilot consists of, one part at a time).
/// </summary>
internal sealed record BenchOptions(IReadOnlySet<char> Scenarios, int Repeats, TimeSpan Duration, int BulkEvents, string? MarkdownFile, bool Projections = false, string? Only = null)
{
    public const string Usage = "Options: --projections [--only rebuild|pilots|pilots-diagnose] | --scenarios a,b,c,d,e,f,g,h,i --repeats N --duration SECONDS --bulk-events N --markdown FILE";

    public static BenchOptions Parse(string[] args)
    {
        var scenarios = new HashSet<char>("abcdefghi");
        var repeats = 3;
        var duration = 5.0;
        var bulk = 1_000_000;
        string? markdown = null;
        var projections = false;
        string? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--help" or "-h")
                throw new ArgumentException(Usage);
            if (args[i] == "--projections")
            {
                projections = true;
                continue;
            }
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--scenarios":
                    scenarios = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => char.ToLowerInvariant(s[0]))];
                    if (scenarios.Any(s => !"abcdefghi".Contains(s, StringComparison.Ordinal)))
                        throw new ArgumentException("--scenarios takes letters among a,b,c,d,e,f,g,h,i.");
                    break;
                case "--repeats":
                    repeats = (int)Number(args[i], value, NumberStyles.Integer);
                    break;
                case "--duration":
                    duration = Number(args[i], value, NumberStyles.Float);
                    break;
                case "--bulk-events":
                    bulk = (int)Number(args[i], value, NumberStyles.Integer | NumberStyles.AllowThousands);
                    break;
                case "--markdown":
                    markdown = value;
                    break;
                case "--only":
                    only = value is "rebuild" or "pilots" or "pilots-diagnose" ? value : throw new ArgumentException("--only takes: rebuild, pilots, pilots-diagnose.");
                    projections = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}. {Usage}");
            }
            i++;
        }
        if (repeats < 1 || duration <= 0 || bulk < 1) throw new ArgumentException("--repeats, --duration and --bulk-events must be positive.");
        return new BenchOptions(scenarios, repeats, TimeSpan.FromSeconds(duration), bulk, markdown, projections, only);
    }

    private static double Number(string option, string value, NumberStyles styles) =>
        double.TryParse(value, styles, CultureInfo.InvariantCulture, out var number) && number <= int.MaxValue
            ? number
            : throw new ArgumentException($"{option} takes a number; got '{value}'.");
}
