using System.Collections.Frozen;
using System.Globalization;
using Ledger.Domain.Common;

namespace Ledger.Import.Classification;

/// <summary>An amount found in a message: the value, its ISO 4217 currency and where it was written.</summary>
internal sealed record AmountHit(decimal Amount, string Currency, TextHit Hit)
{
    public string Describe() =>
        $"amount {TextPatterns.Quote(Hit.Fragment)} {Hit.Where} → {Amount.ToString(CultureInfo.InvariantCulture)} {Currency}";
}

/// <summary>Every amount of a message in text order, and the money-like fragments that were not usable, with why.</summary>
internal sealed record AmountScan(IReadOnlyList<AmountHit> Amounts, IReadOnlyList<string> Ignored);

/// <summary>
/// Finds amounts with a currency by a single forward scan (no regular expression, so no input can make it slow):
/// a currency marker — a symbol such as € or US$, or an upper-case ISO 4217 code — with a number right before or after
/// it, at most one space apart: <c>€1,250.00</c>, <c>$ 2,000</c>, <c>USD 300</c>, <c>300 USD</c>, <c>1.250,00 €</c>,
/// <c>JPY 5000</c>, <c>€1.5M</c>. A number between two markers takes the ISO code's currency.
/// </summary>
internal sealed class AmountExtractor
{
    /// <summary>Symbols understood by default; a rule file's <c>settings.symbols</c> adds to or overrides them.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultSymbols = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["€"] = "EUR", ["$"] = "USD", ["£"] = "GBP", ["¥"] = "JPY", ["￥"] = "JPY", ["円"] = "JPY", ["元"] = "CNY",
        ["₹"] = "INR", ["₩"] = "KRW", ["₽"] = "RUB", ["₺"] = "TRY", ["₪"] = "ILS", ["₫"] = "VND", ["₱"] = "PHP",
        ["₴"] = "UAH", ["₦"] = "NGN", ["฿"] = "THB", ["US$"] = "USD", ["C$"] = "CAD", ["CA$"] = "CAD", ["A$"] = "AUD",
        ["AU$"] = "AUD", ["NZ$"] = "NZD", ["HK$"] = "HKD", ["S$"] = "SGD", ["R$"] = "BRL", ["zł"] = "PLN", ["Kč"] = "CZK",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private const int MaxNumberLength = 40;

    private static readonly (string Suffix, decimal Factor)[] Multipliers =
        [("bn", 1_000_000_000m), ("mn", 1_000_000m), ("k", 1_000m), ("K", 1_000m), ("m", 1_000_000m), ("M", 1_000_000m), ("B", 1_000_000_000m)];

    private static readonly (string Suffix, decimal Factor)[] WordMultipliers =
        [(" thousand", 1_000m), (" million", 1_000_000m), (" billion", 1_000_000_000m)];

    // Codes that are also English words in capitals ("TOP 10", "ALL 3 teams"): read only after a number ("300 TRY").
    private static readonly FrozenSet<string> WordLikeCodes =
        new[] { "ALL", "BAM", "CUP", "GEL", "MAD", "PEN", "SOS", "TOP", "TRY" }.ToFrozenSet(StringComparer.Ordinal);

    private readonly (string Symbol, string Currency)[] _symbols;

    public AmountExtractor(IReadOnlyDictionary<string, string> symbols) =>
        _symbols = symbols.OrderByDescending(s => s.Key.Length).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => (s.Key, s.Value)).ToArray();

    public static int MinorUnits(string currency) => CurrencyCodes.MinorUnits(currency);

    public AmountScan Scan(IReadOnlyList<TextField> fields)
    {
        var amounts = new List<AmountHit>();
        var ignored = new List<string>();
        foreach (var field in fields)
            Scan(field, amounts, ignored);
        return new AmountScan(amounts, ignored);
    }

    private void Scan(TextField field, List<AmountHit> amounts, List<string> ignored)
    {
        var text = field.Text;
        // Number start → (candidate, marker is an ISO code): a later ISO code replaces a symbol for the same number.
        var found = new SortedDictionary<int, (Candidate Candidate, bool IsCode)>();
        for (var i = 0; i < text.Length; i++)
        {
            if (!TryMarker(text, i, out var length, out var currency, out var isCode))
                continue;
            var after = isCode && WordLikeCodes.Contains(currency) ? null : After(text, i, i + length, currency);
            foreach (var candidate in new[] { after, Before(text, i, i + length, currency) })
            {
                if (candidate is null)
                    continue;
                if (!found.TryGetValue(candidate.NumberStart, out var existing) || (isCode && !existing.IsCode))
                    found[candidate.NumberStart] = (candidate, isCode);
            }

            i += length - 1;
        }

        foreach (var (candidate, _) in found.Values)
        {
            var fragment = text[candidate.Start..candidate.End];
            var hit = new TextHit(field.Name, candidate.Start, fragment);
            if (!NumberText.TryParse(candidate.Number, out var amount, MinorUnits(candidate.Currency)))
            {
                ignored.Add($"{TextPatterns.Quote(fragment)} {hit.Where}: not a number in a known format");
                continue;
            }

            if (candidate.Factor != 1m)
                amount = NumberText.Trim(amount * candidate.Factor);
            var decimals = NumberText.Decimals(amount);
            if (amount <= 0 || amount >= 1_000_000_000_000_000m)
                ignored.Add($"{TextPatterns.Quote(fragment)} {hit.Where}: not a positive amount below 10^15");
            else if (decimals > MinorUnits(candidate.Currency))
                ignored.Add($"{TextPatterns.Quote(fragment)} {hit.Where}: more decimals than {candidate.Currency} has ({MinorUnits(candidate.Currency)})");
            else
                amounts.Add(new AmountHit(amount, candidate.Currency, hit));
        }
    }

    private sealed record Candidate(int Start, int End, int NumberStart, string Number, decimal Factor, string Currency);

    private bool TryMarker(string text, int i, out int length, out string currency, out bool isCode)
    {
        foreach (var (symbol, code) in _symbols)
        {
            if (string.CompareOrdinal(text, i, symbol, 0, symbol.Length) != 0)
                continue;
            // A symbol spelled with Latin letters (US$, zł) must not be the tail or head of a longer word.
            var end = i + symbol.Length;
            if ((IsLatinLetter(symbol[0]) && i > 0 && char.IsLetter(text[i - 1]))
                || (IsLatinLetter(symbol[^1]) && end < text.Length && char.IsLetter(text[end])))
                continue;
            (length, currency, isCode) = (symbol.Length, code, false);
            return true;
        }

        // Upper-case only: "all", "try" and "top" are words, ALL, TRY and TOP are currencies.
        if (i + 3 <= text.Length && IsUpper(text[i]) && IsUpper(text[i + 1]) && IsUpper(text[i + 2])
            && (i == 0 || !char.IsLetter(text[i - 1])) && (i + 3 == text.Length || !char.IsLetter(text[i + 3]))
            && CurrencyCodes.IsKnown(text.Substring(i, 3)))
        {
            (length, currency, isCode) = (3, text.Substring(i, 3), true);
            return true;
        }

        (length, currency, isCode) = (0, "", false);
        return false;
    }

    /// <summary>A number written after the marker: "€1,250.00", "USD 300", "€1.5M", "$2 million".</summary>
    private static Candidate? After(string text, int markerStart, int markerEnd, string currency)
    {
        var start = markerEnd;
        if (start < text.Length && IsOneSpace(text[start]))
            start++;
        if (start >= text.Length || !NumberText.IsAsciiDigit(text[start]))
            return null;
        var end = start;
        while (end < text.Length && end - start < MaxNumberLength
               && (NumberText.IsAsciiDigit(text[end])
                   || (NumberText.IsSeparator(text[end]) && end + 1 < text.Length && NumberText.IsAsciiDigit(text[end + 1]))))
            end++;
        var number = TrimSpaceGroups(text[start..end], fromLeft: false);
        if (number.Length < end - start)
            return new Candidate(markerStart, start + number.Length, start, number, 1m, currency);

        var factor = 1m;
        foreach (var (suffix, value) in Multipliers.Concat(WordMultipliers))
        {
            if (string.CompareOrdinal(text, end, suffix, 0, suffix.Length) == 0
                && (end + suffix.Length == text.Length || !char.IsLetterOrDigit(text[end + suffix.Length])))
            {
                factor = value;
                end += suffix.Length;
                break;
            }
        }

        // "$5abc", or a number cut at the length limit, is not an amount; "¥50,000です" is.
        if (end < text.Length && TextPatterns.NeedsBoundary(text[end]))
            return null;
        return new Candidate(markerStart, end, start, number, factor, currency);
    }

    /// <summary>A number written before the marker: "300 USD", "1.250,00 €", "1.5M EUR".</summary>
    private static Candidate? Before(string text, int markerStart, int markerEnd, string currency)
    {
        var end = markerStart;
        if (end > 0 && IsOneSpace(text[end - 1]))
            end--;
        var numberEnd = end;
        var factor = 1m;
        foreach (var (suffix, value) in Multipliers)
        {
            var at = end - suffix.Length;
            if (at > 0 && string.CompareOrdinal(text, at, suffix, 0, suffix.Length) == 0 && NumberText.IsAsciiDigit(text[at - 1]))
            {
                factor = value;
                numberEnd = at;
                break;
            }
        }

        if (numberEnd == 0 || !NumberText.IsAsciiDigit(text[numberEnd - 1]))
            return null;
        var start = numberEnd;
        while (start > 0 && numberEnd - start < MaxNumberLength
               && (NumberText.IsAsciiDigit(text[start - 1])
                   || (NumberText.IsSeparator(text[start - 1]) && start - 2 >= 0 && NumberText.IsAsciiDigit(text[start - 2]))))
            start--;
        // "v2.300 USD", "A1 300 USD" or a number cut at the length limit is not an amount.
        if (start > 0 && (TextPatterns.NeedsBoundary(text[start - 1]) || text[start - 1] is '.' or ','))
            return null;
        var number = TrimSpaceGroups(text[start..numberEnd], fromLeft: true);
        var numberStart = numberEnd - number.Length;
        return new Candidate(numberStart, markerEnd, numberStart, number, factor, currency);
    }

    /// <summary>
    /// "paid 2 invoices 300 USD" must not read "2 … 300": when space-grouped digits do not form thousands groups,
    /// keep only the part next to the marker.
    /// </summary>
    private static string TrimSpaceGroups(string number, bool fromLeft)
    {
        while (!NumberText.TryParse(number, out _) && number.Any(NumberText.IsGroupingSpace))
        {
            number = fromLeft
                ? number[(number.ToList().FindIndex(NumberText.IsGroupingSpace) + 1)..]
                : number[..number.ToList().FindLastIndex(NumberText.IsGroupingSpace)];
        }

        return number;
    }

    private static bool IsOneSpace(char c) => c is ' ' or '\u00A0' or '\u202F' or '\u2009';

    private static bool IsLatinLetter(char c) => c < '\u0250' && char.IsLetter(c);

    private static bool IsUpper(char c) => c is >= 'A' and <= 'Z';
}
