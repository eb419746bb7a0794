using Ledger.Domain.Common;

namespace Ledger.Domain.Tests.Common;

public class CountryCodesTests
{
    [Fact]
    public void Holds_the_249_assigned_alpha_2_codes() => CountryCodes.All.Count.ShouldBe(249);

    [Theory]
    [InlineData("FR", true)]
    [InlineData("GB", true)]
    [InlineData("UK", false)]
    [InlineData("FRA", false)]
    public void Knows_assigned_codes_only(string code, bool known) => CountryCodes.IsKnown(code).ShouldBe(known);
}
