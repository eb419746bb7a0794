namespace Ledger.Import.Classification;

/// <summary>
/// A rule file that cannot be used. <see cref="Exception.Message"/> is one line naming the file, the line and column
/// (1-based) and the problem, e.g. <c>rules.yaml:12:5: unknown rule field 'keyword' (expected one of: …)</c>.
/// </summary>
public sealed class RuleFileException : Exception
{
    public RuleFileException(string sourceName, int line, int column, string problem)
        : base($"{sourceName}:{line}:{column}: {OneLine(problem)}")
    {
        SourceName = sourceName;
        Line = line;
        Column = column;
        Problem = OneLine(problem);
    }

    public string SourceName { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>The problem alone, without the location.</summary>
    public string Problem { get; }

    internal static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
