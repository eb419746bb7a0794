using Ledger.Domain.Common;

namespace Ledger.Domain.Tests.Common;

public class ContentHashTests
{
    [Fact]
    public void Accepts_a_lowercase_sha256_digest() =>
        ContentHash.IsValid("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08").ShouldBeTrue();

    [Fact]
    public void Refuses_upper_case_until_normalised()
    {
        const string upper = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
        ContentHash.IsValid(upper).ShouldBeFalse();
        ContentHash.IsValid(ContentHash.Normalise(upper)).ShouldBeTrue();
    }
}
