using System.Globalization;

namespace Ledger.Import.Classification;

/// <summary>
/// Reads a number as people write it in English or European conventions: <c>1,250.00</c>, <c>1.250,00</c>,
/// <c>1 250,00</c> (space, no-break or thin space), <c>1'250.00</c>, <c>99.99</c>, <c>300</c>.
/// </summary>
internal static class NumberText
{
    /// <summary>At most this many digits before the decimal separator (10^15 is beyond any business amount).</summary>
    public const int MaxIntegerDigits = 15;

    private const int MaxFractionDigits = 6;

    /// <summary>Separators that only ever group thousands.</summary>
    public static bool IsGroupingSpace(char c) => c is ' ' or '\u00A0' or '\u202F' or '\u2009' or '\'' or '\u2019';

    public static bool IsSeparator(char c) => c is '.' or ',' || IsGroupingSpace(c);

    public static bool IsAsciiDigit(char c) => c is >= '0' and <= '9';

    /// <summary>
    /// The decimal separator is the last of '.' and ',' when both occur; a lone '.' or ',' followed by exactly three
    /// digits groups thousands ("1,250" and "1.250" are 1250) unless the number starts with 0 or also has space groups;
    /// any other lone '.' or ',' is decimal — and so is one before three digits in a currency with three decimals
    /// (<paramref name="minorUnits"/> 3: "KWD 1.250" is 1.25). Groups after the first must have three digits, all
    /// grouped the same way.
    /// </summary>
    public static bool TryParse(string lexeme, out decimal value, int minorUnits = 2)
    {
        value = 0;
        if (lexeme.Length == 0 || !IsAsciiDigit(lexeme[0]) || !IsAsciiDigit(lexeme[^1]))
            return false;

        var dots = lexeme.Count(c => c == '.');
        var commas = lexeme.Count(c => c == ',');
        var spaced = lexeme.Any(IsGroupingSpace);
        var decimalAt = -1;
        if (dots > 0 && commas > 0)
        {
            decimalAt = lexeme.LastIndexOfAny(['.', ',']);
            if (lexeme.Count(c => c == lexeme[decimalAt]) > 1)
                return false;
        }
        else if (dots + commas == 1)
        {
            var at = lexeme.IndexOfAny(['.', ',']);
            var groupsThousands = lexeme.Length - at - 1 == 3 && !spaced && lexeme[0] != '0' && minorUnits != 3;
            decimalAt = groupsThousands ? -1 : at;
        }

        var integerPart = decimalAt < 0 ? lexeme : lexeme[..decimalAt];
        var fraction = decimalAt < 0 ? "" : lexeme[(decimalAt + 1)..];
        if (fraction.Length > MaxFractionDigits || !fraction.All(IsAsciiDigit))
            return false;
        if (!TryReadGroups(integerPart, out var digits) || digits.Length > MaxIntegerDigits)
            return false;

        return decimal.TryParse(fraction.Length == 0 ? digits : $"{digits}.{fraction}", NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Decimals a value really has: 1250.00 has 0, 12.50 has 1.</summary>
    public static int Decimals(decimal value)
    {
        var scale = value.Scale;
        while (scale > 0 && value == Math.Round(value, scale - 1))
            scale--;
        return scale;
    }

    /// <summary>The value without trailing zeros beyond <paramref name="minimumDecimals"/>: 1500.0 → 1500.</summary>
    public static decimal Trim(decimal value, int minimumDecimals = 0)
    {
        var decimals = Math.Max(Decimals(value), minimumDecimals);
        return decimal.Parse(value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            CultureInfo.InvariantCulture);
    }

    private static bool TryReadGroups(string integerPart, out string digits)
    {
        digits = "";
        var separators = integerPart.Where(c => !IsAsciiDigit(c)).Distinct().ToArray();
        if (separators.Length == 0)
        {
            digits = integerPart;
            return true;
        }

        if (separators.Length > 1)
            return false;
        var groups = integerPart.Split(separators[0]);
        if (groups[0].Length is < 1 or > 3 || groups.Skip(1).Any(g => g.Length != 3) || !groups.All(g => g.All(IsAsciiDigit)))
            return false;
        digits = string.Concat(groups);
        return true;
    }
}
