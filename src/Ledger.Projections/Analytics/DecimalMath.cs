namespace Ledger.Projections.Analytics;

/// <summary>Exponentials in decimal arithmetic: software-defined, so every platform gets the same digits.</summary>
internal static class DecimalMath
{
    private const decimal Ln2 = 0.6931471805599453094172321215m;

    /// <summary>2^(−x) for x ≥ 0; exact for whole x (2^−1 = 0.5), 0 once it underflows decimal.</summary>
    public static decimal HalfPower(decimal x)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        var whole = decimal.Truncate(x);
        var result = Exp(-(x - whole) * Ln2);
        for (var i = 0m; i < whole && result != 0; i++)
            result /= 2;
        return result;
    }

    /// <summary>e^y by its Taylor series, for |y| &lt; 1 where it converges in under 30 terms.</summary>
    private static decimal Exp(decimal y)
    {
        decimal sum = 1, term = 1;
        for (var k = 1; k < 60 && term != 0; k++)
        {
            term = term * y / k;
            sum += term;
        }

        return sum;
    }
}
