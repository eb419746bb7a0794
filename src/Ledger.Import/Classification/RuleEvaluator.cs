using System.Globalization;
using System.Text.RegularExpressions;
using Ledger.Domain.Interactions;

namespace Ledger.Import.Classification;

/// <summary>A rule's verdict on one message: the payload it produces and why, or why it does not apply.</summary>
internal abstract record Verdict;

internal sealed record Matched(TransactionPayload Payload, string Explanation) : Verdict;

internal sealed record Missed(string Why) : Verdict;

/// <summary>
/// Applies one rule to one message. The conditions a rule lists must all hold (within a list — keywords, regexes —
/// one entry is enough); the output must then be producible (a monetary rule needs an amount, an emotional rule with
/// a derived valence needs sentiment) and valid for the domain, or the rule does not apply.
/// </summary>
internal static class RuleEvaluator
{
    public static Verdict Evaluate(Rule rule, MessageView message)
    {
        var because = new List<string>();
        if (rule.Channels is { } channels)
        {
            if (!channels.Contains(message.Channel))
                return new Missed($"channel {YamlReader.Kebab(message.Channel)} is not one of {string.Join(", ", channels.Select(c => YamlReader.Kebab(c)))}");
            because.Add($"channel {YamlReader.Kebab(message.Channel)}");
        }

        if (rule.Keywords is { } keywords)
        {
            if (keywords.First(message.Fields) is not { } keyword)
                return new Missed("no keyword matched");
            because.Add($"keyword '{keyword.Keyword}' {keyword.Hit.Where}");
        }

        if (rule.Exclude?.First(message.Fields) is { } veto)
            return new Missed($"excluded by '{veto.Keyword}' {veto.Hit.Where}");

        Match? regex = null;
        if (rule.Patterns.Count > 0)
        {
            var (pattern, match, timedOut) = FirstPattern(rule.Patterns, message.Fields);
            if (match is null)
            {
                return new Missed(timedOut is null
                    ? "no regex matched"
                    : $"regex /{timedOut.Source}/ timed out after {timedOut.Regex.MatchTimeout.TotalMilliseconds:0} ms and no other regex matched");
            }

            regex = match.Match;
            because.Add($"regex /{pattern!.Source}/ matched {TextPatterns.Quote(match.Hit.Fragment)} {match.Hit.Where}");
        }

        if (rule.Sentiment is { } wanted)
        {
            var score = message.Sentiment;
            var holds = wanted switch
            {
                SentimentCondition.Positive => score.Net > 0,
                SentimentCondition.Negative => score.Net < 0,
                _ => score.Hits.Count > 0,
            };
            if (!holds)
                return new Missed(score.Hits.Count == 0 ? "no sentiment term" : $"sentiment {score.Net:+0;-0;0} is not {YamlReader.Kebab(wanted)}");
            because.Add(score.Describe());
        }

        var payload = Output(rule, message, regex, because);
        if (payload is null)
            return new Missed(because[^1]);
        var errors = PayloadValidation.Validate(payload);
        if (errors.Count > 0)
            return new Missed($"its output is not a valid payload ({string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"))})");
        return new Matched(PayloadValidation.Normalise(payload), $"rule {rule.Label}: {string.Join("; ", because)}");
    }

    /// <summary>The payload, or null with the reason as the last entry of <paramref name="because"/>.</summary>
    private static TransactionPayload? Output(Rule rule, MessageView message, Match? regex, List<string> because)
    {
        switch (rule.Output)
        {
            case MonetaryOutput monetary:
            {
                var scan = message.Amounts;
                if (scan.Amounts.Count == 0)
                {
                    because.Add(scan.Ignored.Count == 0
                        ? "no amount with a currency"
                        : $"no usable amount ({string.Join("; ", scan.Ignored)})");
                    return null;
                }

                var amount = scan.Amounts[0];
                because.Add(amount.Describe() + (scan.Amounts.Count > 1 ? $" (first of {scan.Amounts.Count} amounts)" : ""));
                return new MonetaryPayload(amount.Amount, amount.Currency, monetary.Direction, Reference(monetary.Reference, regex, because));
            }

            case InformationalOutput informational:
                return new InformationalPayload(informational.What, informational.Topic);

            case LogisticalOutput logistical:
            {
                if (logistical.Quantities?.First(message.Fields) is { } found)
                {
                    because.Add(found.Describe());
                    return new LogisticalPayload(logistical.Item, found.Quantity, found.Unit, logistical.Status);
                }

                if (logistical.Quantities is not null)
                    because.Add($"no quantity in the text: {logistical.Quantity.ToString(CultureInfo.InvariantCulture)} {logistical.Unit}");
                return new LogisticalPayload(logistical.Item, logistical.Quantity, logistical.Unit, logistical.Status);
            }

            case EmotionalOutput emotional:
            {
                var score = message.Sentiment;
                if (emotional.Valence is null && score.Net == 0)
                {
                    because.Add(score.Hits.Count == 0 ? "no sentiment term to derive a valence from" : "sentiment terms cancel out (net 0)");
                    return null;
                }

                if (rule.Sentiment is null && score.Hits.Count > 0)
                    because.Add(score.Describe());
                return new EmotionalPayload(emotional.Signal ?? score.Signal, emotional.Valence ?? score.Valence,
                    emotional.Intensity ?? score.Intensity);
            }

            default:
                throw new InvalidOperationException($"Unknown rule output {rule.Output.GetType().Name}.");
        }
    }

    /// <summary>Fills <c>{group}</c> placeholders from the regex that matched; left out when a group is missing.</summary>
    private static string? Reference(string? template, Match? regex, List<string> because)
    {
        if (template is null)
            return null;
        string? missing = null;
        var reference = RuleFileParser.Placeholder().Replace(template, placeholder =>
        {
            var group = regex?.Groups[placeholder.Groups[1].Value];
            if (group is not { Success: true, Length: > 0 })
                missing ??= placeholder.Groups[1].Value;
            return group?.Value ?? "";
        }).Trim();
        if (missing is not null)
        {
            because.Add($"no reference: the regex group '{missing}' did not match");
            return null;
        }

        if (reference.Length > PayloadValidation.MaxReferenceLength || reference.Any(char.IsControl))
        {
            because.Add("no reference: the matched text is too long or has control characters");
            return null;
        }

        because.Add($"reference {TextPatterns.Quote(reference)}");
        return reference;
    }

    private sealed record PatternMatch(Match Match, TextHit Hit);

    private static (RulePattern? Pattern, PatternMatch? Match, RulePattern? TimedOut) FirstPattern(
        IReadOnlyList<RulePattern> patterns, IReadOnlyList<TextField> fields)
    {
        RulePattern? timedOut = null;
        foreach (var pattern in patterns)
        {
            foreach (var field in fields)
            {
                try
                {
                    var match = pattern.Regex.Match(field.Text);
                    if (match.Success)
                        return (pattern, new PatternMatch(match, new TextHit(field.Name, match.Index, match.Value)), null);
                }
                catch (RegexMatchTimeoutException)
                {
                    timedOut ??= pattern;
                }
            }
        }

        return (null, null, timedOut);
    }
}
