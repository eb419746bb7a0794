namespace Ledger.Projections.Analytics;

/// <summary>
/// How an outcome's credit is spread over its touchpoints (ordered earliest first). Each model yields weights;
/// <see cref="Allocation.LargestRemainder"/> turns them into amounts that add up to the outcome exactly.
/// </summary>
public abstract record AttributionModel
{
    private AttributionModel()
    {
    }

    /// <summary>100 % to the earliest touchpoint in the window.</summary>
    public static AttributionModel FirstTouch { get; } = new First();

    /// <summary>100 % to the latest touchpoint before the outcome.</summary>
    public static AttributionModel LastTouch { get; } = new Last();

    /// <summary>Equal shares.</summary>
    public static AttributionModel Linear { get; } = new Even();

    /// <summary>
    /// Weight 2^(−age / half-life), age = time from the touchpoint to the latest touchpoint (equivalently, to the
    /// outcome: a common shift cancels out in the shares). A touch one half-life older gets half the weight.
    /// Computed in decimal arithmetic, so results are identical on every platform.
    /// </summary>
    public static AttributionModel TimeDecay(TimeSpan halfLife) => new Decay(halfLife > TimeSpan.Zero
        ? halfLife
        : throw new ArgumentOutOfRangeException(nameof(halfLife), halfLife, "The half-life must be positive."));

    /// <summary>
    /// U-shaped: 40 % to the first touchpoint, 40 % to the last, 20 % split equally over those in between.
    /// One touchpoint gets 100 %, two get 50 % each.
    /// </summary>
    public static AttributionModel PositionBased { get; } = new UShaped();

    /// <summary>Weights for touchpoints at <paramref name="times"/>, in ascending time order.</summary>
    public abstract IReadOnlyList<decimal> Weights(IReadOnlyList<DateTimeOffset> times);

    private sealed record First : AttributionModel
    {
        public override IReadOnlyList<decimal> Weights(IReadOnlyList<DateTimeOffset> times) =>
            [.. times.Select((_, i) => i == 0 ? 1m : 0m)];

        public override string ToString() => "FirstTouch";
    }

    private sealed record Last : AttributionModel
    {
        public override IReadOnlyList<decimal> Weights(IReadOnlyList<DateTimeOffset> times) =>
            [.. times.Select((_, i) => i == times.Count - 1 ? 1m : 0m)];

        public override string ToString() => "LastTouch";
    }

    private sealed record Even : AttributionModel
    {
        public override IReadOnlyList<decimal> Weights(IReadOnlyList<DateTimeOffset> times) => [.. times.Select(_ => 1m)];

        public override string ToString() => "Linear";
    }

    private sealed record UShaped : AttributionModel
    {
        public override IReadOnlyList<decimal> Weights(IReadOnlyList<DateTimeOffset> times) => times.Count switch
        {
            1 => [1m],
            2 => [0.5m, 0.5m],
            var n => [.. times.Select((_, i) => i == 0 || i == n - 1 ? 0.4m : 0.2m / (n - 2))],
        };

        public override string ToString() => "PositionBased";
    }

    private sealed record Decay(TimeSpan HalfLife) : AttributionModel
    {
        public override IReadOnlyList<decimal> Weights(IReadOnlyList<DateTimeOffset> times)
        {
            var latest = times[^1];
            return [.. times.Select(t => DecimalMath.HalfPower((decimal)(latest - t).Ticks / HalfLife.Ticks))];
        }

        public override string ToString() => $"TimeDecay({HalfLife})";
    }
}
