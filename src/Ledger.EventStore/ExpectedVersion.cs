using System.Globalization;

namespace Ledger.EventStore;

/// <summary>What the caller believes about a stream's version when appending to it.</summary>
public readonly record struct ExpectedVersion
{
    private const long AnyValue = -1;
    private const long NoStreamValue = 0;
    private const long StreamExistsValue = -2;

    private ExpectedVersion(long value) => Value = value;

    /// <summary>-1 any, -2 stream exists, 0 no stream, n &gt; 0 exactly n.</summary>
    public long Value { get; }

    /// <summary>Append whatever the stream's version.</summary>
    public static ExpectedVersion Any => new(AnyValue);

    /// <summary>The stream must not exist yet.</summary>
    public static ExpectedVersion NoStream => new(NoStreamValue);

    /// <summary>The stream must already hold at least one event.</summary>
    public static ExpectedVersion StreamExists => new(StreamExistsValue);

    /// <summary>The stream's current version must be exactly <paramref name="version"/> (its number of events).</summary>
    public static ExpectedVersion Exactly(long version) =>
        version switch
        {
            0 => NoStream,
            > 0 => new ExpectedVersion(version),
            _ => throw new InvalidAppendException("expectedVersion", $"Expected version {version} is not valid: use a version >= 0, 'any', 'no-stream' or 'exists'."),
        };

    /// <summary>Parses 'any', 'no-stream', 'exists' or a non-negative integer; anything else is a typed error.</summary>
    public static ExpectedVersion Parse(string? text) =>
        text?.Trim().ToLowerInvariant() switch
        {
            null or "" or "any" => Any,
            "no-stream" or "nostream" => NoStream,
            "exists" or "stream-exists" => StreamExists,
            var s when long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => Exactly(n),
            _ => throw new InvalidAppendException("expectedVersion", $"Expected version '{text}' is not valid: use 'any', 'no-stream', 'exists' or a non-negative integer."),
        };

    internal bool IsSatisfiedBy(long currentVersion) =>
        Value switch
        {
            AnyValue => true,
            StreamExistsValue => currentVersion > 0,
            _ => currentVersion == Value,
        };

    public override string ToString() =>
        Value switch
        {
            AnyValue => "any",
            NoStreamValue => "no-stream",
            StreamExistsValue => "exists",
            _ => Value.ToString(CultureInfo.InvariantCulture),
        };
}
