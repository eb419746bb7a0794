using Ledger.Import.Classification;
using static Ledger.Import.Tests.Classification.RuleTesting;

namespace Ledger.Import.Tests.Classification;

public class RuleFileErrorTests
{
    private const string Output = "output: { kind: informational, what: idea, topic: x }";

    public static TheoryData<string, string, string> MalformedFiles => new()
    {
        {
            "unknown rule field",
            $"rules:\n  - id: r\n    confidence: 0.5\n    keyword: [invoice]\n    {Output}\n",
            "test-rules.yaml:4:5: unknown rule field 'keyword' (expected one of: id, description, priority, confidence, default, channels, keywords, exclude, regex, sentiment, output)"
        },
        {
            "unknown kind",
            "rules:\n  - id: r\n    confidence: 0.5\n    keywords: [a]\n    output: { kind: monetry }\n",
            "test-rules.yaml:5:21: unknown kind 'monetry' (expected one of: monetary, informational, logistical, emotional)"
        },
        {
            "unknown direction",
            "rules:\n  - id: r\n    confidence: 0.5\n    keywords: [a]\n    output: { kind: monetary, direction: income }\n",
            "test-rules.yaml:5:42: unknown direction 'income' (expected one of: revenue, cost, saving)"
        },
        {
            "unknown channel",
            $"rules:\n  - id: r\n    confidence: 0.5\n    keywords: [a]\n    channels: [email, fax]\n    {Output}\n",
            "test-rules.yaml:5:23: unknown channel 'fax' (expected one of: email, meeting, call, forum, chat, social-network, other)"
        },
        {
            "unknown signal",
            "rules:\n  - id: r\n    confidence: 0.5\n    keywords: [a]\n    output: { kind: emotional, signal: joy }\n",
            "test-rules.yaml:5:40: unknown signal 'joy' (expected one of: gratitude, praise, trust, frustration, complaint, other, or auto)"
        },
        {
            "unknown sentiment",
            $"rules:\n  - id: r\n    confidence: 0.5\n    sentiment: happy\n    {Output}\n",
            "test-rules.yaml:4:16: unknown sentiment 'happy' (expected one of: any, positive, negative)"
        },
        {
            "field of another kind",
            "rules:\n  - id: r\n    confidence: 0.5\n    keywords: [a]\n    output: { kind: monetary, direction: cost, topic: x }\n",
            "test-rules.yaml:5:48: unknown output field 'topic' for kind monetary (expected one of: kind, direction, reference)"
        },
        {
            "duplicate rule id",
            $"rules:\n  - id: same\n    confidence: 0.5\n    keywords: [a]\n    {Output}\n  - id: SAME\n    confidence: 0.5\n    keywords: [b]\n    {Output}\n",
            "test-rules.yaml:6:9: duplicate rule id 'SAME' (first defined at line 2)"
        },
        {
            "reserved rule id",
            $"rules:\n  - id: fallback\n    confidence: 0.5\n    keywords: [a]\n    {Output}\n",
            "test-rules.yaml:2:9: rule id 'fallback' is reserved for messages no rule matches"
        },
        {
            "rule id with spaces",
            $"rules:\n  - id: my rule\n    confidence: 0.5\n    keywords: [a]\n    {Output}\n",
            "test-rules.yaml:2:9: rule id 'my rule' must start with a letter or digit and hold only letters, digits, '.', '_' and '-'"
        },
        {
            "missing confidence",
            $"rules:\n  - id: r\n    keywords: [a]\n    {Output}\n",
            "test-rules.yaml:2:5: rule 'r' is missing 'confidence'"
        },
        {
            "confidence out of range",
            $"rules:\n  - id: r\n    confidence: 1.5\n    keywords: [a]\n    {Output}\n",
            "test-rules.yaml:3:17: 'confidence' must be between 0 and 1, not 1.5"
        },
        {
            "priority not a number",
            $"rules:\n  - id: r\n    priority: high\n    confidence: 0.5\n    keywords: [a]\n    {Output}\n",
            "test-rules.yaml:3:15: 'priority' must be a whole number, not 'high'"
        },
        {
            "rule without condition",
            $"rules:\n  - id: r\n    confidence: 0.5\n    {Output}\n",
            "test-rules.yaml:2:5: rule 'r' has no condition: give it keywords, regex or sentiment, or make it a channel default (default: true)"
        },
        {
            "missing output",
            "rules:\n  - id: r\n    confidence: 0.5\n    keywords: [a]\n",
            "test-rules.yaml:2:5: rule 'r' is missing 'output'"
        },
        {
            "missing topic",
            "rules:\n  - id: r\n    confidence: 0.5\n    keywords: [a]\n    output: { kind: informational, what: idea }\n",
            "test-rules.yaml:5:13: informational output is missing 'topic'"
        },
        {
            "topic too long",
            $"rules:\n  - id: r\n    confidence: 0.5\n    keywords: [a]\n    output: {{ kind: informational, what: idea, topic: {new string('t', 101)} }}\n",
            "test-rules.yaml:5:55: 'topic' is longer than 100 characters"
        },
        {
            "unit too long",
            "rules:\n  - id: r\n    confidence: 0.5\n    keywords: [a]\n    output: { kind: logistical, item: x, unit: twenty-one-characters, status: shipped }\n",
            "test-rules.yaml:5:48: 'unit' is longer than 20 characters"
        },
        {
            "valence out of range",
            "rules:\n  - id: r\n    confidence: 0.5\n    keywords: [a]\n    output: { kind: emotional, signal: trust, valence: 2 }\n",
            "test-rules.yaml:5:56: 'valence' must be between -1 and 1, not 2"
        },
        {
            "reference group missing",
            "rules:\n  - id: r\n    confidence: 0.5\n    regex: 'INV-\\d+'\n    output: { kind: monetary, direction: revenue, reference: 'inv:{ref}' }\n",
            "test-rules.yaml:5:62: reference uses {ref} but no regex of the rule has a group named 'ref'"
        },
        {
            "star inside a keyword",
            $"rules:\n  - id: r\n    confidence: 0.5\n    keywords: ['re*fund']\n    {Output}\n",
            "test-rules.yaml:4:16: 're*fund': '*' may only end a keyword (refund* matches refunded)"
        },
        {
            "empty keyword list",
            $"rules:\n  - id: r\n    confidence: 0.5\n    keywords: []\n    {Output}\n",
            "test-rules.yaml:4:15: 'keywords' is an empty list"
        },
        {
            "unknown top-level field",
            "version: 1\nrule:\n  - id: r\n",
            "test-rules.yaml:2:1: unknown top-level field 'rule' (expected one of: version, settings, lexicon, rules)"
        },
        {
            "missing rules",
            "version: 1\n",
            "test-rules.yaml:1:1: missing 'rules' (the list of rules)"
        },
        {
            "rules not a list",
            "rules: invoice\n",
            "test-rules.yaml:1:8: 'rules' must be a list, not a single value"
        },
        {
            "rule not a mapping",
            "rules:\n  - invoice\n",
            "test-rules.yaml:2:5: a rule must be a mapping of 'field: value' lines, not a single value"
        },
        {
            "unsupported version",
            "version: 2\nrules: []\n",
            "test-rules.yaml:1:10: unsupported version (this ledger reads version 1)"
        },
        {
            "unknown currency symbol target",
            "settings:\n  symbols: { \"$\": XYZ }\nrules: []\n",
            "test-rules.yaml:2:19: unknown currency 'XYZ' (expected an ISO 4217 code such as EUR)"
        },
        {
            "unknown setting",
            "settings:\n  timeout: 5\nrules: []\n",
            "test-rules.yaml:2:3: unknown setting 'timeout' (expected one of: symbols, regex-timeout-ms, max-text-length)"
        },
        {
            "lexicon weight out of range",
            "lexicon:\n  - { term: wow, weight: 5, signal: praise }\nrules: []\n",
            "test-rules.yaml:2:26: 'weight' must be between -3 and 3, not 5"
        },
        {
            "lexicon entry without signal",
            "lexicon:\n  - { term: wow, weight: 2 }\nrules: []\n",
            "test-rules.yaml:2:5: lexicon entry is missing 'signal'"
        },
        {
            "duplicate YAML key",
            $"rules:\n  - id: r\n    id: s\n    confidence: 0.5\n    keywords: [a]\n    {Output}\n",
            "test-rules.yaml:3:5: invalid YAML: Duplicate key id"
        },
        {
            "invalid YAML",
            "rules:\n  - id: r\n    keywords: [a\n",
            "test-rules.yaml:4:1: invalid YAML: While parsing a flow sequence, did not find expected ',' or ']'."
        },
        {
            "tab indentation",
            "rules:\n\t- id: r\n",
            "test-rules.yaml:1:1: invalid YAML: While scanning a mapping, found invalid tab as indentation."
        },
        {
            "anchor",
            $"rules:\n  - id: r\n    confidence: &c 0.5\n    keywords: [a]\n    {Output}\n",
            "test-rules.yaml:3:17: anchors (&name) and aliases (*name) are not supported in rule files"
        },
        {
            "empty file",
            "",
            "test-rules.yaml:1:1: the file is empty (expected a mapping with 'rules')"
        },
        {
            "two documents",
            "rules: []\n---\nrules: []\n",
            "test-rules.yaml:3:1: a rule file holds one YAML document, not several"
        },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void A_malformed_rule_file_is_refused_with_one_line_naming_file_line_and_problem(string @case, string yaml, string message)
    {
        var error = ParseError(yaml);
        error.Message.ShouldBe(message, @case);
        error.Message.ShouldNotContain('\n');
        error.SourceName.ShouldBe(FileName);
    }

    [Theory]
    [InlineData("'(unclosed'", "bad regex '(unclosed': ")]
    [InlineData("['ok', '[a-']", "bad regex '[a-': ")]
    [InlineData("'(?<=a)b(?<n'", "bad regex '(?<=a)b(?<n': ")]
    public void A_regex_that_does_not_compile_is_refused_with_the_engine_s_reason(string regex, string problem)
    {
        var error = ParseError($"rules:\n  - id: r\n    confidence: 0.5\n    regex: {regex}\n    {Output}\n");
        error.Message.ShouldStartWith($"test-rules.yaml:4:");
        error.Problem.ShouldStartWith(problem);
        error.Problem.Length.ShouldBeGreaterThan(problem.Length);
        error.Message.ShouldNotContain('\n');
    }

    [Fact]
    public void The_location_is_also_available_as_properties()
    {
        var error = ParseError($"rules:\n  - id: r\n    confidence: 0.5\n    keyword: [invoice]\n    {Output}\n");
        (error.Line, error.Column).ShouldBe((4, 5));
        error.Problem.ShouldStartWith("unknown rule field 'keyword'");
    }

    [Fact]
    public void A_file_over_one_megabyte_is_refused_before_parsing() =>
        ParseError("# " + new string('x', 1_048_577)).Message.ShouldBe("test-rules.yaml:1:1: the file is larger than 1048576 characters");

    [Fact]
    public void An_empty_rule_list_is_valid_and_classifies_everything_as_the_fallback() =>
        Rules("rules: []").Classify("anything").Classification.RuleId.ShouldBe(RuleSet.FallbackRuleId);
}
