using System.Globalization;

namespace Ledger.Reliability.Harness;

/// <summary>
/// Environment switches (see README.md): the CI run is short by default; <c>LEDGER_RELIABILITY_LONG=1</c> scales the
/// load up, <c>LEDGER_SOAK_MINUTES</c> turns the soak test on.
/// </summary>
public static class Scale
{
    public const string LongVariable = "LEDGER_RELIABILITY_LONG";
    public const string SoakVariable = "LEDGER_SOAK_MINUTES";

    public static bool Long => Environment.GetEnvironmentVariable(LongVariable) == "1";

    /// <summary>The CI figure, or the long one when <see cref="LongVariable"/> is 1.</summary>
    public static int Pick(int ci, int longRun) => Long ? longRun : ci;

    public static double? SoakMinutes =>
        double.TryParse(Environment.GetEnvironmentVariable(SoakVariable), NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && minutes > 0
            ? minutes
            : null;
}

/// <summary>A fact that runs only when <c>LEDGER_SOAK_MINUTES</c> is set; otherwise it is reported as skipped.</summary>
public sealed class SoakFactAttribute : FactAttribute
{
    public SoakFactAttribute()
    {
        if (Scale.SoakMinutes is null)
            Skip = $"Soak tests are opt-in: set {Scale.SoakVariable}=<minutes> (e.g. 30) to run them.";
    }
}

