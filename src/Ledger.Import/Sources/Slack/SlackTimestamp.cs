using System.Globalization;

namespace Ledger.Import.Sources.Slack;

/// <summary>Slack's <c>ts</c>: Unix seconds, a dot, microseconds (<c>1704186000.000200</c>). It is also the message's id.</summary>
internal static class SlackTimestamp
{
    public static bool TryParse(string? ts, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrEmpty(ts)) return false;
        var dot = ts.IndexOf('.', StringComparison.Ordinal);
        var seconds = dot < 0 ? ts : ts[..dot];
        var fraction = dot < 0 ? "" : ts[(dot + 1)..];
        if (seconds.Length is 0 or > 11 || fraction.Length > 9 || (dot >= 0 && fraction.Length == 0)) return false;
        if (!seconds.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit)) return false;
        var ticks = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(7, '0')[..7], CultureInfo.InvariantCulture);
        var unix = long.Parse(seconds, CultureInfo.InvariantCulture);
        if (unix > DateTimeOffset.MaxValue.ToUnixTimeSeconds() - 1) return false;
        time = DateTimeOffset.FromUnixTimeSeconds(unix).AddTicks(ticks);
        return true;
    }
}
