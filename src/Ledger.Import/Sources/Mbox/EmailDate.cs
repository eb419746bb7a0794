using System.Globalization;
using System.Text;

namespace Ledger.Import.Sources.Mbox;

/// <summary>
/// RFC 5322 §3.3 dates, with the obsolete forms of §4.3: <c>[Tue,] 2 Jan 2024 09:30[:15] +0100</c>; comments
/// ignored; two-digit years (&lt; 50 → 20xx, else 19xx) and three-digit years (+1900); zones UT, UTC, GMT, Z,
/// EST/EDT, CST/CDT, MST/MDT, PST/PDT. Military letters, other alphabetic zones and a missing zone mean "offset
/// unknown" and are read as UTC (RFC 5322 treats them as -0000). Anything else is unparsable.
/// </summary>
internal static class EmailDate
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] Days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    private static readonly Dictionary<string, int> NamedZones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0,
        ["EST"] = -5, ["EDT"] = -4, ["CST"] = -6, ["CDT"] = -5, ["MST"] = -7, ["MDT"] = -6, ["PST"] = -8, ["PDT"] = -7,
    };

    public static bool TryParse(string? value, out DateTimeOffset date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(value)) return false;
        var tokens = WithoutComments(value).Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries).ToList();
        if (tokens.Count > 0 && IsName(tokens[0], Days)) tokens.RemoveAt(0);
        if (tokens.Count < 4) return false;

        // day month (the usual order) or month day (seen from some clients)
        var month = 0;
        var dayFirst = TryNumber(tokens[0], 1, 2, out var day) && MonthOf(tokens[1], out month);
        if (!dayFirst && !(MonthOf(tokens[0], out month) && TryNumber(tokens[1], 1, 2, out day))) return false;

        if (!TryNumber(tokens[2], 2, 4, out var year)) return false;
        year = tokens[2].Length switch { 2 => year < 50 ? 2000 + year : 1900 + year, 3 => 1900 + year, _ => year };

        var time = tokens[3].Split(':');
        if (time.Length is < 2 or > 3) return false;
        if (!TryNumber(time[0], 1, 2, out var hour) || !TryNumber(time[1], 2, 2, out var minute)) return false;
        var second = 0;
        if (time.Length == 3 && !TryNumber(time[2], 2, 2, out second)) return false;
        if (second == 60) second = 59; // a leap second

        if (!TryZone(tokens.Count > 4 ? tokens[4] : null, out var offset)) return false;
        if (day is < 1 or > 31 || hour > 23 || minute > 59 || second > 59) return false;
        try
        {
            date = new DateTimeOffset(year, month, day, hour, minute, second, offset);
            return true;
        }
        catch (ArgumentException)
        {
            return false; // 30 February, an offset beyond ±14 h…
        }
    }

    private static bool TryZone(string? zone, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (zone is null) return true;
        if (zone[0] is '+' or '-')
        {
            var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
            if (digits.Length != 4 || !digits.All(char.IsAsciiDigit)) return false;
            var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
            var minutes = int.Parse(digits[2..], CultureInfo.InvariantCulture);
            if (minutes > 59) return false;
            offset = new TimeSpan(hours, minutes, 0);
            if (zone[0] == '-') offset = -offset;
            return true;
        }
        if (NamedZones.TryGetValue(zone, out var named))
        {
            offset = TimeSpan.FromHours(named);
            return true;
        }
        return zone.All(char.IsAsciiLetter); // unknown or military zone: offset unknown, read as UTC
    }

    private static bool MonthOf(string token, out int month)
    {
        month = 0;
        if (token.Length < 3) return false;
        var index = Array.IndexOf(Months, token[..3].ToLowerInvariant());
        month = index + 1;
        return index >= 0 && (token.Length == 3 || CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month).Equals(token, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsName(string token, string[] names) =>
        token.Length >= 3 && token.All(char.IsAsciiLetter) && names.Contains(token[..3].ToLowerInvariant());

    private static bool TryNumber(string token, int minDigits, int maxDigits, out int number)
    {
        number = 0;
        return token.Length >= minDigits && token.Length <= maxDigits && token.All(char.IsAsciiDigit)
            && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    private static string WithoutComments(string value)
    {
        var result = new StringBuilder(value.Length);
        var depth = 0;
        foreach (var c in value)
        {
            if (c == '(') depth++;
            else if (c == ')' && depth > 0) depth--;
            else if (depth == 0) result.Append(c);
        }
        return result.ToString();
    }
}
