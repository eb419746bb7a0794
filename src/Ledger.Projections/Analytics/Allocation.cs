namespace Ledger.Projections.Analytics;

/// <summary>Splits an amount into shares that add up to it exactly, to the minor unit.</summary>
public static class Allocation
{
    /// <summary>
    /// The largest-remainder method (the last-cent rule of attribution):
    /// <list type="number">
    /// <item>the amount is first rounded to the currency's minor unit (<see cref="RoundingPolicy.Round"/>);</item>
    /// <item>each share's exact value is <c>amount × weight / Σ weights</c>, at full decimal precision;</item>
    /// <item>each share is rounded <em>down</em> to the minor unit, keeping its remainder;</item>
    /// <item>the minor units still missing (fewer than the number of shares) are given one each to the shares
    /// with the largest remainders; equal remainders go to the lower index first (earliest touchpoint).
    /// A share of weight 0 never receives one.</item>
    /// </list>
    /// The shares therefore sum to the rounded amount exactly, none is negative (for a positive amount), and each
    /// differs from its exact value by less than one minor unit. A negative amount is split as its absolute value
    /// and every share negated.
    /// </summary>
    /// <param name="weights">Non-negative weights, at least one positive; they need not sum to 1.</param>
    /// <returns>One share per weight, in the same order.</returns>
    public static decimal[] LargestRemainder(decimal amount, IReadOnlyList<decimal> weights, string currency)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0)
            throw new ArgumentException("At least one weight is required.", nameof(weights));
        var total = 0m;
        foreach (var weight in weights)
        {
            if (weight < 0)
                throw new ArgumentOutOfRangeException(nameof(weights), weight, "Weights cannot be negative.");
            total += weight;
        }

        if (total == 0)
            throw new ArgumentException("At least one weight must be positive.", nameof(weights));

        var rounded = RoundingPolicy.Round(amount, currency);
        var sign = rounded < 0 ? -1m : 1m;
        var absolute = Math.Abs(rounded);
        var unit = RoundingPolicy.MinorUnit(currency);

        var shares = new decimal[weights.Count];
        var remainders = new decimal[weights.Count];
        var allocated = 0m;
        for (var i = 0; i < shares.Length; i++)
        {
            var exact = absolute * weights[i] / total;
            shares[i] = RoundingPolicy.FloorToMinorUnit(exact, currency);
            remainders[i] = exact - shares[i];
            allocated += shares[i];
        }

        var missing = (long)((absolute - allocated) / unit);
        if (missing > 0)
        {
            // Candidates for the missing units: largest remainder first, then the earliest index.
            var order = new List<int>(shares.Length);
            for (var i = 0; i < shares.Length; i++)
            {
                if (weights[i] > 0) order.Add(i);
            }
            order.Sort((x, y) => remainders[x] != remainders[y] ? remainders[y].CompareTo(remainders[x]) : x.CompareTo(y));
            for (long k = 0; k < missing; k++)
                shares[order[(int)(k % order.Count)]] += unit;
        }

        for (var i = 0; i < shares.Length; i++)
            shares[i] *= sign;
        return shares;
    }
}
