using Ledger.Projections.Analytics;

namespace Ledger.Projections.Tests.Analytics;

public class AllocationTests
{
    [Fact]
    public void Equal_remainders_give_the_missing_cent_to_the_earliest_share()
    {
        // 100.00 / 3 = 33.3333… each; floors 33.33 × 3 = 99.99; remainders all equal → the first gets the cent.
        Allocation.LargestRemainder(100m, [1m, 1m, 1m], "EUR").ShouldBe([33.34m, 33.33m, 33.33m]);
    }

    [Fact]
    public void Missing_cents_go_to_the_largest_remainders()
    {
        // 0.10 over weights 1, 2, 4 (of 7): exact 0.014285…, 0.028571…, 0.057142…
        // floors 0.01, 0.02, 0.05 = 0.08; remainders 0.004285…, 0.008571…, 0.007142…
        // 2 cents missing: to the second (0.00857) then the third (0.00714) → 0.01, 0.03, 0.06.
        Allocation.LargestRemainder(0.10m, [1m, 2m, 4m], "EUR").ShouldBe([0.01m, 0.03m, 0.06m]);
    }

    [Fact]
    public void The_amount_is_rounded_to_the_minor_unit_before_it_is_split()
    {
        // 100.005 → 100.00 (midpoint to even), then 50.00 each. In JPY 1001 splits 501 / 500.
        Allocation.LargestRemainder(100.005m, [1m, 1m], "EUR").ShouldBe([50.00m, 50.00m]);
        Allocation.LargestRemainder(1001m, [1m, 1m], "JPY").ShouldBe([501m, 500m]);
    }

    [Fact]
    public void A_negative_amount_is_split_as_its_absolute_value_and_negated() =>
        Allocation.LargestRemainder(-100m, [1m, 1m, 1m], "EUR").ShouldBe([-33.34m, -33.33m, -33.33m]);

    [Fact]
    public void Zero_weights_never_receive_a_cent() =>
        Allocation.LargestRemainder(0.01m, [0m, 1m, 1m], "EUR").ShouldBe([0m, 0.01m, 0m]);

    [Fact]
    public void Rejects_negative_or_all_zero_weights()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Allocation.LargestRemainder(1m, [1m, -1m], "EUR"));
        Should.Throw<ArgumentException>(() => Allocation.LargestRemainder(1m, [0m, 0m], "EUR"));
        Should.Throw<ArgumentException>(() => Allocation.LargestRemainder(1m, [], "EUR"));
    }
}
