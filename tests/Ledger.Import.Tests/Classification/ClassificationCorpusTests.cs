using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Ledger.Import.Classification;

namespace Ledger.Import.Tests.Classification;

/// <summary>Varied and hostile messages through the default rules: every verdict must be acceptable to the domain.</summary>
public class ClassificationCorpusTests
{
    private static readonly string[] Texts =
    [
        "Invoice INV-2024-017 for €1,250.00 is attached",
        "Invoice " + new string('X', 500) + " INV-" + new string('9', 40) + " €12",
        "Please find our invoice of €1,250.00",
        "Payment of 1.250,00 € received, thanks!",
        "Deal closed at $50k 🎉", "paid €999,999,999,999,999", "paid €1,000,000,000,000,000", "paid 0.001 EUR",
        "refund of -€50", "refund €€€€ 5", "refund $$$ 100", "refund USD USD USD 7", "refund €1e10", "refund NaN EUR",
        "refund 1,2,3,4,5 EUR", "payment ¥12.5", "payment BHD 1.2345", "payment KWD 0.001", "payment £0.00",
        "We refunded the customer €40", "discount of 15% saved us 3 000 CHF", "The supplier invoice of 300 USD is due",
        "We shipped 12 pallets today", "delivered 999999999999 boxes", "delivered 0.0001 kg", "shipped 1.5 kg",
        "3 boxes were sent back", "We will deliver next Tuesday", "Let me introduce you to Maria",
        "Attached is the proposal", "This delay is unacceptable 😡😡😡😡😡😡", "Thank you so much 🙏🙏🙏🙏🙏🙏!!!",
        "not not not happy", "great great great terrible terrible terrible", "What if we tried this?",
        "Here is my feedback", "You can fix it by clearing the cache", "Lunch?", "", "   ", "\t\n",
        "\u0000\u0001\u0002 invoice €5 \u0007", "\uD800 thanks \uDC00", "👨‍👩‍👧 thanks 👍🏽", "\u202Einvoice €5\u202C",
        "e\u0301 cafe\u0301 thanks", "Ｉｎｖｏｉｃｅ ５０００円", "請求書を送付します。金額は¥50,000です。",
        "ご協力ありがとうございます🙏", "感谢您的帮助", "감사합니다!", "شكرا جزيلا على المساعدة", "\u200Fתודה רבה!",
        "Rechnung über 1.250,00 € anbei", "Merci pour la facture de 99,90 €", "Gracias por el reembolso de 20 €",
        "😡👎", "❤️❤️❤️", new string('a', 100_000), string.Concat(Enumerable.Repeat("thanks invoice €5 ", 5_000)),
        string.Concat(Enumerable.Repeat("1,", 10_000)) + " EUR", string.Concat(Enumerable.Repeat("€1 ", 10_000)),
        "INV-" + string.Concat(Enumerable.Repeat("-", 10_000)),
    ];

    public static TheoryData<int> Indexes() => new(Enumerable.Range(0, Texts.Length));

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Every_verdict_passes_the_domain_validation_on_every_channel(int index)
    {
        foreach (var channel in Enum.GetValues<Channel>())
        {
            foreach (var subject in new[] { null, "Re: invoice €10", "\u0000" })
            {
                var request = new ClassificationRequest(Texts[index], channel, subject);
                var outcome = RuleSet.Default.Classify(request);
                var interaction = new NewInteraction(Guid.NewGuid(), Guid.NewGuid(), [Guid.NewGuid()], DateTimeOffset.UnixEpoch,
                    Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Texts[index]))),
                    new SourceRef("test", index.ToString(System.Globalization.CultureInfo.InvariantCulture)), outcome.Payload,
                    outcome.Classification);

                InteractionValidation.Validate(interaction).ShouldBeEmpty($"{channel}: {Explanation.Describe(outcome.Payload)}");
                PayloadValidation.Validate(outcome.Payload).ShouldBeEmpty();
                outcome.Payload.ShouldBe(PayloadValidation.Normalise(outcome.Payload));
                outcome.Classification.Source.ShouldBe(ClassificationSource.Rule);
                outcome.Reasons.ShouldNotBeEmpty();
                Explanation.Format(request, outcome).Where(char.IsControl).ShouldAllBe(c => c == '\n');
            }
        }
    }

    [Fact]
    public void Classifying_in_parallel_gives_the_same_verdicts_as_one_at_a_time()
    {
        var requests = Texts.SelectMany(t => Enum.GetValues<Channel>().Select(c => new ClassificationRequest(t, c))).ToArray();
        var sequential = requests.Select(r => Summary(RuleSet.Default.Classify(r))).ToArray();
        var parallel = new ConcurrentDictionary<int, string>();
        Parallel.For(0, requests.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var summary = Summary(RuleSet.Default.Classify(requests[i % requests.Length]));
            parallel.AddOrUpdate(i % requests.Length, summary, (_, existing) => existing == summary ? existing : "MISMATCH");
        });

        for (var i = 0; i < requests.Length; i++)
            parallel[i].ShouldBe(sequential[i]);
    }

    private static string Summary(ClassificationOutcome outcome) =>
        $"{outcome.Payload} {outcome.Classification} {string.Join("|", outcome.Reasons)}";
}
