using Ledger.Domain.Conversations;

namespace Ledger.Import.Classification;

/// <summary>
/// What the rules look at: the subject and the text, each bounded to the rule set's maximum length, and the amounts
/// and sentiment of the message, computed on first use and then shared by every rule. One per classification.
/// </summary>
internal sealed class MessageView
{
    private readonly Lazy<AmountScan> _amounts;
    private readonly Lazy<SentimentScore> _sentiment;

    public MessageView(ClassificationRequest request, RuleSettings settings, AmountExtractor amounts, SentimentLexicon lexicon)
    {
        Channel = request.Channel;
        var fields = new List<TextField>();
        var truncated = new List<string>();
        if (!string.IsNullOrEmpty(request.Subject))
            fields.Add(Bounded(TextField.SubjectName, request.Subject, settings.MaxTextLength, truncated));
        fields.Add(Bounded(TextField.TextName, request.Text ?? "", settings.MaxTextLength, truncated));
        Fields = fields;
        Truncated = truncated;
        _amounts = new Lazy<AmountScan>(() => amounts.Scan(Fields), LazyThreadSafetyMode.None);
        _sentiment = new Lazy<SentimentScore>(() => lexicon.Score(Fields), LazyThreadSafetyMode.None);
    }

    public Channel Channel { get; }

    /// <summary>The subject (when there is one) first, then the text: the order in which matches are looked for.</summary>
    public IReadOnlyList<TextField> Fields { get; }

    /// <summary>Fields cut to the maximum length, with their original length, for the explanation.</summary>
    public IReadOnlyList<string> Truncated { get; }

    public AmountScan Amounts => _amounts.Value;

    public SentimentScore Sentiment => _sentiment.Value;

    private static TextField Bounded(string name, string text, int maxLength, List<string> truncated)
    {
        if (text.Length <= maxLength)
            return new TextField(name, text);
        var cut = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        truncated.Add($"only the first {cut} of the {text.Length} characters of the {name} were read");
        return new TextField(name, text[..cut]);
    }
}
