using Ledger.Domain.Interactions;

namespace Ledger.Domain.Tests.Interactions;

public class ClassificationValidationTests
{
    private static IEnumerable<(string Field, string Code)> Errors(Classification classification) =>
        InteractionValidation.Validate(classification).Select(e => (e.Field, e.Code));

    [Fact]
    public void Accepts_manual_rule_and_import_classifications()
    {
        Errors(new Classification(ClassificationSource.Manual, null, 1m)).ShouldBeEmpty();
        Errors(new Classification(ClassificationSource.Rule, "refund-keywords-v2", 0.7m)).ShouldBeEmpty();
        Errors(new Classification(ClassificationSource.Import, null, 0m)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("1.01")]
    public void Rejects_a_confidence_outside_zero_to_one(string confidence) =>
        Errors(new Classification(ClassificationSource.Manual, null, decimal.Parse(confidence, System.Globalization.CultureInfo.InvariantCulture)))
            .ShouldContain(("classification.confidence", "confidence_out_of_range"));

    [Fact]
    public void Rejects_a_rule_classification_without_rule_id() =>
        Errors(new Classification(ClassificationSource.Rule, " ", 0.5m)).ShouldContain(("classification.ruleId", "required"));

    [Fact]
    public void Rejects_a_rule_id_on_a_manual_classification() =>
        Errors(new Classification(ClassificationSource.Manual, "rule-1", 1m)).ShouldContain(("classification.ruleId", "not_allowed"));

    [Fact]
    public void Rejects_an_undefined_classification_source() =>
        Errors(new Classification((ClassificationSource)9, null, 1m)).ShouldContain(("classification.source", "invalid_value"));

    [Fact]
    public void Rejects_a_missing_classification() =>
        Errors(null!).ShouldBe([("classification.", "required")]);
}
