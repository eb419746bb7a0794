using System.CommandLine;

namespace Ledger.Cli.Commands;

internal static class CommonOptions
{
    public static readonly Option<string> Url = new("--url")
    {
        Description = "Ledger API address (env LEDGER_URL)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LEDGER_URL") ?? "http://127.0.0.1:5080",
        Recursive = true,
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "API key sent as X-Api-Key (env LEDGER_API_KEY)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LEDGER_API_KEY"),
        Recursive = true,
    };

    public static LedgerApi Api(ParseResult parse)
    {
        var url = parse.GetValue(Url)!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new CliException($"--url '{url}' is not an http(s) address");
        return new LedgerApi(uri, parse.GetValue(ApiKey));
    }
}
