using Ledger.Domain.Common;

namespace Ledger.Domain.Tests.Common;

public class DomainExceptionTests
{
    [Fact]
    public void Carries_kind_code_message_and_field_errors()
    {
        var error = DomainException.Invalid("unknown_currency", "payload.currency", "Not ISO 4217.");

        error.Kind.ShouldBe(DomainErrorKind.Validation);
        error.Code.ShouldBe("unknown_currency");
        error.Message.ShouldBe("Not ISO 4217.");
        error.Errors.ShouldBe([new FieldError("payload.currency", "unknown_currency", "Not ISO 4217.")]);
    }

    [Fact]
    public void Conflicts_and_not_found_have_no_field_errors()
    {
        DomainException.Conflict("conversation_closed", "closed").Errors.ShouldBeEmpty();
        DomainException.NotFound("conversation_not_found", "missing").Kind.ShouldBe(DomainErrorKind.NotFound);
    }
}
