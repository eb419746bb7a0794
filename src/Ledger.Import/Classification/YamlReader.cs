using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Ledger.Import.Classification;

/// <summary>
/// Typed reads of YAML nodes for the rule file parser. Every failure is a <see cref="RuleFileException"/> located at the
/// offending node, so an author is told the line and column to fix.
/// </summary>
internal sealed partial class YamlReader(string sourceName)
{
    public RuleFileException Error(YamlNode node, string problem) =>
        new(sourceName, (int)node.Start.Line, (int)node.Start.Column, problem);

    /// <summary>The fields of a mapping by name; an unknown or repeated field is an error naming the allowed ones.</summary>
    public Dictionary<string, (YamlNode Key, YamlNode Value)> Fields(YamlNode node, string what, IReadOnlyList<string> allowed,
        string fieldKind, string context = "")
    {
        var mapping = Mapping(node, what);
        var fields = new Dictionary<string, (YamlNode, YamlNode)>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            var name = Scalar(key, $"a key of {what}");
            if (!allowed.Contains(name, StringComparer.Ordinal))
                throw Error(key, $"unknown {fieldKind} '{name}'{context} (expected one of: {string.Join(", ", allowed)})");
            Check(value);
            fields.Add(name, (key, value));
        }

        return fields;
    }

    public YamlMappingNode Mapping(YamlNode node, string what)
    {
        Check(node);
        return node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping of 'field: value' lines, not {Describe(node)}");
    }

    public YamlSequenceNode Sequence(YamlNode node, string what)
    {
        Check(node);
        return node as YamlSequenceNode ?? throw Error(node, $"'{what}' must be a list, not {Describe(node)}");
    }

    /// <summary>A non-empty single value.</summary>
    public string Scalar(YamlNode node, string what)
    {
        Check(node);
        if (node is not YamlScalarNode scalar)
            throw Error(node, $"'{what}' must be a single value, not {Describe(node)}");
        var value = scalar.Value;
        if (string.IsNullOrWhiteSpace(value) || (scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && value is "~" or "null"))
            throw Error(node, $"'{what}' is empty");
        return value;
    }

    /// <summary>Either one value or a non-empty list of values.</summary>
    public IReadOnlyList<(string Value, YamlNode Node)> Values(YamlNode node, string what)
    {
        Check(node);
        if (node is YamlScalarNode)
            return [(Scalar(node, what), node)];
        var sequence = Sequence(node, what);
        if (sequence.Children.Count == 0)
            throw Error(node, $"'{what}' is an empty list");
        return sequence.Children.Select(item => (Scalar(item, what), item)).ToArray();
    }

    /// <summary>A short text: trimmed, 1 to <paramref name="maxLength"/> characters, no control characters.</summary>
    public string Text(YamlNode node, string what, int maxLength)
    {
        var value = Scalar(node, what).Trim();
        if (value.Length > maxLength)
            throw Error(node, $"'{what}' is longer than {maxLength} characters");
        if (value.Any(char.IsControl))
            throw Error(node, $"'{what}' contains a control character");
        return value;
    }

    public int Int(YamlNode node, string what, int min, int max)
    {
        var value = Scalar(node, what);
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            throw Error(node, $"'{what}' must be a whole number, not '{value}'");
        if (number < min || number > max)
            throw Error(node, $"'{what}' must be between {min} and {max}, not {number}");
        return number;
    }

    public decimal Decimal(YamlNode node, string what, decimal min, decimal max)
    {
        var value = Scalar(node, what);
        if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture,
                out var number))
            throw Error(node, $"'{what}' must be a number such as 0.8, not '{value}'");
        if (number < min || number > max)
            throw Error(node, $"'{what}' must be between {min.ToString(CultureInfo.InvariantCulture)} and " +
                              $"{max.ToString(CultureInfo.InvariantCulture)}, not {value}");
        return number;
    }

    public bool Bool(YamlNode node, string what) =>
        Scalar(node, what).ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            var other => throw Error(node, $"'{what}' must be true or false, not '{other}'"),
        };

    /// <summary>An enum value written in kebab case (<c>social-network</c>) or as its name (<c>SocialNetwork</c>).</summary>
    public TEnum Enum<TEnum>(YamlNode node, string what, string? orElse = null)
        where TEnum : struct, Enum
    {
        var value = Scalar(node, what).Trim();
        var wanted = value.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        foreach (var candidate in System.Enum.GetValues<TEnum>())
        {
            if (string.Equals(candidate.ToString(), wanted, StringComparison.OrdinalIgnoreCase))
                return candidate;
        }

        var expected = string.Join(", ", System.Enum.GetValues<TEnum>().Select(Kebab));
        throw Error(node, $"unknown {what} '{value}' (expected one of: {expected}{(orElse is null ? "" : $", or {orElse}")})");
    }

    public static string Kebab<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        KebabBoundary().Replace(value.ToString(), "$1-$2").ToLowerInvariant();

    // Anchors and aliases would let a small file expand into a huge one, and rules never need them.
    private void Check(YamlNode node)
    {
        if (!node.Anchor.IsEmpty)
            throw Error(node, "anchors (&name) and aliases (*name) are not supported in rule files");
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "a single value",
    };

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex KebabBoundary();
}
