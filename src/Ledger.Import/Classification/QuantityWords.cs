using System.Globalization;
using System.Text.RegularExpressions;

namespace Ledger.Import.Classification;

/// <summary>A unit and the words that name it in text: <c>{ unit: pallet, words: [pallet, pallets] }</c>.</summary>
internal sealed record QuantityUnit(string Unit, IReadOnlyList<string> Words);

/// <summary>A quantity read from a message: "12 pallets" → 12 pallet.</summary>
internal sealed record QuantityHit(decimal Quantity, string Unit, TextHit Hit)
{
    public string Describe() =>
        $"quantity {TextPatterns.Quote(Hit.Fragment)} {Hit.Where} → {Quantity.ToString(CultureInfo.InvariantCulture)} {Unit}";
}

/// <summary>
/// Finds the first "&lt;number&gt; &lt;word&gt;" of a logistical rule's units ("12 pallets", "3 x boxes", "1,000 units").
/// Non-backtracking, so linear in the text.
/// </summary>
internal sealed class QuantityWords
{
    public const int MaxDecimals = 3;

    private readonly Regex _regex;
    private readonly string[] _units;
    private readonly int[] _groups;
    private readonly int _number;

    public QuantityWords(IReadOnlyList<QuantityUnit> units)
    {
        Units = units;
        var words = units.SelectMany(u => u.Words.Select(w => (Word: w, u.Unit))).OrderByDescending(w => w.Word.Length).ToArray();
        _units = words.Select(w => w.Unit).ToArray();
        var alternatives = words.Select((w, i) => $"(?<w{i}>{TextPatterns.Keyword(w.Word)})");
        _regex = new Regex($@"\b(?<n>\d+(?:[.,'\u00A0\u202F\u2009 ]\d+)*)\s*(?:[x×]\s*)?(?:{string.Join('|', alternatives)})",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture);
        _groups = Enumerable.Range(0, words.Length).Select(i => _regex.GroupNumberFromName($"w{i}")).ToArray();
        _number = _regex.GroupNumberFromName("n");
    }

    public IReadOnlyList<QuantityUnit> Units { get; }

    public QuantityHit? First(IReadOnlyList<TextField> fields)
    {
        foreach (var field in fields)
        {
            foreach (Match match in _regex.Matches(field.Text))
            {
                var number = match.Groups[_number].Value;
                // "order 2024 12 boxes": the digits right before the word are the quantity.
                if (!NumberText.TryParse(number, out var quantity) && number.LastIndexOf(' ') is var space and >= 0)
                    NumberText.TryParse(number[(space + 1)..], out quantity);
                // Beyond a billion units is a serial number or a typo, not a delivery to value.
                if (quantity is > 0 and <= RuleFileParser.MaxQuantity && NumberText.Decimals(quantity) <= MaxDecimals)
                {
                    var unit = _units[Array.FindIndex(_groups, g => match.Groups[g].Success)];
                    return new QuantityHit(quantity, unit, new TextHit(field.Name, match.Index, match.Value));
                }
            }
        }

        return null;
    }
}
