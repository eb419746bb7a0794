using System.CommandLine;
using Ledger.Cli.Commands;

var root = new RootCommand("ledger: operate, audit and report on a Ledger (talks to its HTTP API; see README)")
{
    CommonOptions.Url,
    CommonOptions.ApiKey,
    ImportCommand.Create(),
    ClassifyCommand.Create(),
    OperationsCommands.Rebuild(),
    OperationsCommands.Verify(),
    OperationsCommands.Digest(),
    OperationsCommands.Export(),
    ReportCommand.Create(),
    PilotCommand.Create(),
    KeysCommand.Create(),
    DemoCommand.Create(),
};

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (CliException ex)
{
    Console.Error.WriteLine($"ledger: {ex.Message}");
    return 1;
}
