using System.Globalization;
using System.Text;
using Ledger.Domain;
using Ledger.Domain.Interactions;

namespace Ledger.Import.Classification;

/// <summary>The text <c>ledger classify --explain</c> prints: the verdict, then why, one reason per line.</summary>
public static class Explanation
{
    public static string Format(ClassificationRequest request, ClassificationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outcome);
        var classification = outcome.Classification;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"channel     {YamlReader.Kebab(request.Channel)}, {(request.Text ?? "").Length} characters")
            .Append(request.Subject is { Length: > 0 } subject ? $", subject of {subject.Length}" : "").Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"kind        {YamlReader.Kebab(outcome.Payload.Kind)}\n");
        text.Append(CultureInfo.InvariantCulture, $"payload     {Describe(outcome.Payload)}\n");
        text.Append(CultureInfo.InvariantCulture,
            $"rule        {classification.RuleId ?? classification.Source.ToString().ToLowerInvariant()}, confidence {classification.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}\n");
        text.Append("why\n");
        foreach (var reason in outcome.Reasons)
            text.Append("  ").Append(RuleFileException.OneLine(reason)).Append('\n');
        return text.ToString();
    }

    /// <summary>One line per payload kind: "revenue 1250.00 EUR (reference invoice:INV-17)".</summary>
    public static string Describe(TransactionPayload payload) => payload switch
    {
        MonetaryPayload m => $"{YamlReader.Kebab(m.Direction)} {Number(m.Amount)} {m.Currency}" +
                             (m.Reference is null ? "" : $" (reference {m.Reference})"),
        InformationalPayload i => $"{YamlReader.Kebab(i.What)} on '{i.Topic}'",
        LogisticalPayload l => $"{Number(l.Quantity)} {l.Unit} of '{l.Item}', {YamlReader.Kebab(l.Status)}",
        EmotionalPayload e => $"{YamlReader.Kebab(e.Signal)}, valence {e.Valence.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)}, intensity {e.Intensity}",
        _ => payload.ToString(),
    };

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
