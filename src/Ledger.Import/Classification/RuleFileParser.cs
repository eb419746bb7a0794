using System.Text.RegularExpressions;
using Ledger.Domain;
using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ledger.Import.Classification;

/// <summary>A rule file, parsed and checked: its settings, its lexicon and its rules.</summary>
/// <param name="Lexicon">The built-in lexicon with the file's entries applied; null when the file has none.</param>
internal sealed record ParsedRuleFile(RuleSettings Settings, IReadOnlyList<LexiconEntry>? Lexicon, IReadOnlyList<Rule> Rules);

/// <summary>
/// Reads a rule file (schema in RULES.md). Everything is checked here, once, so that classifying cannot fail: unknown
/// fields, bad values, bad regular expressions and duplicate ids are errors with their line and column.
/// </summary>
internal sealed partial class RuleFileParser(string sourceName)
{
    public const int MaxFileLength = 1_048_576;
    public const int MaxKeywordLength = 100;
    public const int MaxPatternLength = 1_000;
    public const int MaxLabelLength = 100;
    public const int MaxPriority = 1_000_000;
    public const int DefaultPriority = 100;
    public const int MaxLexiconWeight = 3;
    public const decimal MaxQuantity = 1_000_000_000m;

    private static readonly string[] FileFields = ["version", "settings", "lexicon", "rules"];
    private static readonly string[] SettingsFields = ["symbols", "regex-timeout-ms", "max-text-length"];
    private static readonly string[] LexiconFields = ["term", "weight", "signal"];
    private static readonly string[] QuantityFields = ["unit", "words"];

    private static readonly string[] RuleFields =
        ["id", "description", "priority", "confidence", "default", "channels", "keywords", "exclude", "regex", "sentiment", "output"];

    private static readonly Dictionary<TransactionKind, string[]> OutputFields = new()
    {
        [TransactionKind.Monetary] = ["kind", "direction", "reference"],
        [TransactionKind.Informational] = ["kind", "what", "topic"],
        [TransactionKind.Logistical] = ["kind", "item", "unit", "quantity", "status", "quantities"],
        [TransactionKind.Emotional] = ["kind", "signal", "valence", "intensity"],
    };

    private readonly YamlReader _yaml = new(sourceName);

    public ParsedRuleFile Parse(string text)
    {
        if (text.Length > MaxFileLength)
            throw new RuleFileException(sourceName, 1, 1, $"the file is larger than {MaxFileLength} characters");
        var root = Load(text);
        var fields = _yaml.Fields(root, "the rule file", FileFields, "top-level field");
        if (fields.TryGetValue("version", out var version) && _yaml.Int(version.Value, "version", 1, int.MaxValue) != 1)
            throw _yaml.Error(version.Value, "unsupported version (this ledger reads version 1)");
        var settings = fields.TryGetValue("settings", out var s) ? Settings(s.Value) : RuleSettings.Defaults;
        var lexicon = fields.TryGetValue("lexicon", out var l) ? SentimentLexicon.Merge(Lexicon(l.Value)) : null;
        if (!fields.TryGetValue("rules", out var rules))
            throw _yaml.Error(root, "missing 'rules' (the list of rules)");
        return new ParsedRuleFile(settings, lexicon, Rules(rules.Value, settings));
    }

    private YamlNode Load(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new RuleFileException(sourceName, (int)e.Start.Line, (int)e.Start.Column, $"invalid YAML: {e.Message}");
        }

        if (stream.Documents.Count == 0)
            throw new RuleFileException(sourceName, 1, 1, "the file is empty (expected a mapping with 'rules')");
        if (stream.Documents.Count > 1)
            throw _yaml.Error(stream.Documents[1].RootNode, "a rule file holds one YAML document, not several");
        return stream.Documents[0].RootNode;
    }

    private RuleSettings Settings(YamlNode node)
    {
        var fields = _yaml.Fields(node, "settings", SettingsFields, "setting");
        var symbols = new Dictionary<string, string>(AmountExtractor.DefaultSymbols, StringComparer.Ordinal);
        if (fields.TryGetValue("symbols", out var map))
        {
            foreach (var (key, value) in _yaml.Mapping(map.Value, "symbols").Children)
            {
                var symbol = _yaml.Scalar(key, "a currency symbol").Trim();
                if (symbol.Length > 4 || symbol.Any(c => char.IsWhiteSpace(c) || char.IsDigit(c) || c is '.' or ','))
                    throw _yaml.Error(key, $"'{symbol}' cannot be a currency symbol (1 to 4 characters, no digits, spaces, '.' or ',')");
                symbols[symbol] = Currency(value, $"symbols.{symbol}");
            }
        }

        var timeout = fields.TryGetValue("regex-timeout-ms", out var t)
            ? TimeSpan.FromMilliseconds(_yaml.Int(t.Value, "regex-timeout-ms", 1, 10_000))
            : RuleSettings.DefaultRegexTimeout;
        var maxLength = fields.TryGetValue("max-text-length", out var m)
            ? _yaml.Int(m.Value, "max-text-length", 100, 1_000_000)
            : RuleSettings.DefaultMaxTextLength;
        return new RuleSettings(symbols, timeout, maxLength);
    }

    private string Currency(YamlNode node, string what)
    {
        var code = CurrencyCodes.Normalise(_yaml.Scalar(node, what));
        return CurrencyCodes.IsKnown(code) ? code : throw _yaml.Error(node, $"unknown currency '{code}' (expected an ISO 4217 code such as EUR)");
    }

    private List<LexiconEntry> Lexicon(YamlNode node)
    {
        var entries = new List<LexiconEntry>();
        foreach (var item in _yaml.Sequence(node, "lexicon").Children)
        {
            var fields = _yaml.Fields(item, "a lexicon entry", LexiconFields, "lexicon field");
            var term = Term(Required(fields, item, "term", "lexicon entry"), "term");
            if (entries.Any(e => string.Equals(e.Term, term, StringComparison.OrdinalIgnoreCase)))
                throw _yaml.Error(fields["term"].Value, $"duplicate lexicon term '{term}'");
            var weight = _yaml.Int(Required(fields, item, "weight", "lexicon entry"), "weight", -MaxLexiconWeight, MaxLexiconWeight);
            var signal = weight == 0
                ? EmotionalSignal.Other
                : _yaml.Enum<EmotionalSignal>(Required(fields, item, "signal", "lexicon entry"), "signal");
            entries.Add(new LexiconEntry(term, weight, signal));
        }

        return entries;
    }

    private List<Rule> Rules(YamlNode node, RuleSettings settings)
    {
        var rules = new List<Rule>();
        var lines = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in _yaml.Sequence(node, "rules").Children)
        {
            var rule = Rule(item, rules.Count, settings);
            if (lines.TryGetValue(rule.Id, out var first))
                throw _yaml.Error(_yaml.Mapping(item, "a rule").Children[new YamlScalarNode("id")], $"duplicate rule id '{rule.Id}' (first defined at line {first})");
            lines.Add(rule.Id, item.Start.Line);
            rules.Add(rule);
        }

        return rules;
    }

    private Rule Rule(YamlNode node, int order, RuleSettings settings)
    {
        var fields = _yaml.Fields(node, "a rule", RuleFields, "rule field");
        var idNode = Required(fields, node, "id", "rule");
        var id = _yaml.Text(idNode, "id", InteractionValidation.MaxRuleIdLength);
        if (!RuleId().IsMatch(id))
            throw _yaml.Error(idNode, $"rule id '{id}' must start with a letter or digit and hold only letters, digits, '.', '_' and '-'");
        if (string.Equals(id, RuleSet.FallbackRuleId, StringComparison.OrdinalIgnoreCase))
            throw _yaml.Error(idNode, $"rule id '{RuleSet.FallbackRuleId}' is reserved for messages no rule matches");
        if (fields.TryGetValue("description", out var description))
            _yaml.Text(description.Value, "description", 1_000);

        var priority = fields.TryGetValue("priority", out var p) ? _yaml.Int(p.Value, "priority", 0, MaxPriority) : DefaultPriority;
        var confidence = _yaml.Decimal(Required(fields, node, "confidence", $"rule '{id}'"), "confidence", 0m, 1m);
        var isDefault = fields.TryGetValue("default", out var d) && _yaml.Bool(d.Value, "default");
        var channels = fields.TryGetValue("channels", out var c)
            ? _yaml.Values(c.Value, "channels").Select(v => _yaml.Enum<Channel>(v.Node, "channel")).ToHashSet()
            : null;
        var keywords = fields.TryGetValue("keywords", out var k) ? Keywords(k.Value, "keywords") : null;
        var exclude = fields.TryGetValue("exclude", out var x) ? Keywords(x.Value, "exclude") : null;
        var patterns = fields.TryGetValue("regex", out var r)
            ? _yaml.Values(r.Value, "regex").Select(v => Pattern(v.Value, v.Node, settings.RegexTimeout)).ToArray()
            : [];
        SentimentCondition? sentiment = fields.TryGetValue("sentiment", out var e) ? _yaml.Enum<SentimentCondition>(e.Value, "sentiment") : null;
        if (!isDefault && keywords is null && patterns.Length == 0 && sentiment is null)
            throw _yaml.Error(node, $"rule '{id}' has no condition: give it keywords, regex or sentiment, or make it a channel default (default: true)");

        var output = Output(Required(fields, node, "output", $"rule '{id}'"), patterns);
        return new Rule(id, priority, confidence, isDefault, order, channels, keywords, exclude, patterns, sentiment, output);
    }

    private KeywordSet Keywords(YamlNode node, string what) =>
        KeywordSet.Of(_yaml.Values(node, what).Select(v => Term(v.Node, what)).ToArray());

    /// <summary>A keyword or lexicon term: a word, phrase or emoji; '*' is allowed only at the end.</summary>
    private string Term(YamlNode node, string what)
    {
        var term = _yaml.Text(node, what, MaxKeywordLength);
        var star = term.IndexOf('*', StringComparison.Ordinal);
        if (star >= 0 && star != term.Length - 1)
            throw _yaml.Error(node, $"'{term}': '*' may only end a keyword (refund* matches refunded)");
        if (term.TrimEnd('*').Replace("\uFE0F", "", StringComparison.Ordinal).Trim().Length == 0)
            throw _yaml.Error(node, $"'{term}' has no text to match");
        return term;
    }

    /// <summary>
    /// A user regex: on the non-backtracking engine (time linear in the text: no catastrophic backtracking) unless it
    /// needs a construct only the backtracking engine has (lookarounds, backreferences, atomic groups), then compiled
    /// for that one. Both get the file's match timeout: linear time is still slow for a pattern with large counted
    /// repetitions such as <c>(\w+\s?){1,500}</c> on a long text.
    /// </summary>
    private RulePattern Pattern(string pattern, YamlNode node, TimeSpan timeout)
    {
        if (pattern.Length > MaxPatternLength)
            throw _yaml.Error(node, $"regex is longer than {MaxPatternLength} characters");
        const RegexOptions options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
        try
        {
            return new RulePattern(pattern, new Regex(pattern, options | RegexOptions.NonBacktracking, timeout));
        }
        catch (NotSupportedException)
        {
            try
            {
                return new RulePattern(pattern, new Regex(pattern, options | RegexOptions.Compiled, timeout));
            }
            catch (ArgumentException error)
            {
                throw _yaml.Error(node, $"bad regex '{pattern}': {error.Message}");
            }
        }
        catch (ArgumentException error)
        {
            throw _yaml.Error(node, $"bad regex '{pattern}': {error.Message}");
        }
    }

    private RuleOutput Output(YamlNode node, IReadOnlyList<RulePattern> patterns)
    {
        var mapping = _yaml.Mapping(node, "output");
        var kindNode = mapping.Children.TryGetValue(new YamlScalarNode("kind"), out var kn)
            ? kn
            : throw _yaml.Error(node, "output is missing 'kind' (monetary, informational, logistical or emotional)");
        var kind = _yaml.Enum<TransactionKind>(kindNode, "kind");
        var fields = _yaml.Fields(node, "output", OutputFields[kind], "output field", $" for kind {YamlReader.Kebab(kind)}");
        var what = $"{YamlReader.Kebab(kind)} output";
        return kind switch
        {
            TransactionKind.Monetary => new MonetaryOutput(
                _yaml.Enum<MoneyDirection>(Required(fields, node, "direction", what), "direction"),
                fields.TryGetValue("reference", out var reference) ? Reference(reference.Value, patterns) : null),
            TransactionKind.Informational => new InformationalOutput(
                _yaml.Enum<InformationKind>(Required(fields, node, "what", what), "what"),
                _yaml.Text(Required(fields, node, "topic", what), "topic", MaxLabelLength)),
            TransactionKind.Logistical => new LogisticalOutput(
                _yaml.Text(Required(fields, node, "item", what), "item", PayloadValidation.MaxItemLength),
                _yaml.Text(Required(fields, node, "unit", what), "unit", PayloadValidation.MaxUnitLength),
                fields.TryGetValue("quantity", out var quantity) ? Quantity(quantity.Value) : 1m,
                _yaml.Enum<LogisticalStatus>(Required(fields, node, "status", what), "status"),
                fields.TryGetValue("quantities", out var units) ? Quantities(units.Value) : null),
            _ => new EmotionalOutput(
                Signal(Required(fields, node, "signal", what)),
                fields.TryGetValue("valence", out var valence)
                    ? _yaml.Decimal(valence.Value, "valence", PayloadValidation.MinValence, PayloadValidation.MaxValence)
                    : null,
                fields.TryGetValue("intensity", out var intensity)
                    ? _yaml.Int(intensity.Value, "intensity", PayloadValidation.MinIntensity, PayloadValidation.MaxIntensity)
                    : null),
        };
    }

    private string Reference(YamlNode node, IReadOnlyList<RulePattern> patterns)
    {
        var template = _yaml.Text(node, "reference", PayloadValidation.MaxReferenceLength);
        foreach (Match placeholder in Placeholder().Matches(template))
        {
            var group = placeholder.Groups[1].Value;
            if (!patterns.Any(p => p.Regex.GetGroupNames().Contains(group, StringComparer.Ordinal)))
                throw _yaml.Error(node, $"reference uses {{{group}}} but no regex of the rule has a group named '{group}'");
        }

        return template;
    }

    private decimal Quantity(YamlNode node)
    {
        var quantity = _yaml.Decimal(node, "quantity", 0m, MaxQuantity);
        return quantity > 0 && NumberText.Decimals(quantity) <= QuantityWords.MaxDecimals
            ? quantity
            : throw _yaml.Error(node, $"'quantity' must be greater than 0 with at most {QuantityWords.MaxDecimals} decimals");
    }

    private QuantityWords Quantities(YamlNode node)
    {
        var units = new List<QuantityUnit>();
        foreach (var item in _yaml.Sequence(node, "quantities").Children)
        {
            var fields = _yaml.Fields(item, "a quantity unit", QuantityFields, "quantities field");
            var unit = _yaml.Text(Required(fields, item, "unit", "quantities entry"), "unit", PayloadValidation.MaxUnitLength);
            var words = _yaml.Values(Required(fields, item, "words", "quantities entry"), "words").Select(v => Term(v.Node, "words")).ToArray();
            units.Add(new QuantityUnit(unit, words));
        }

        return units.Count > 0 ? new QuantityWords(units) : throw _yaml.Error(node, "'quantities' is an empty list");
    }

    private EmotionalSignal? Signal(YamlNode node) =>
        string.Equals(_yaml.Scalar(node, "signal").Trim(), "auto", StringComparison.OrdinalIgnoreCase)
            ? null
            : _yaml.Enum<EmotionalSignal>(node, "signal", orElse: "auto");

    private YamlNode Required(Dictionary<string, (YamlNode Key, YamlNode Value)> fields, YamlNode owner, string name, string what) =>
        fields.TryGetValue(name, out var field) ? field.Value : throw _yaml.Error(owner, $"{what} is missing '{name}'");

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex RuleId();

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    internal static partial Regex Placeholder();
}
