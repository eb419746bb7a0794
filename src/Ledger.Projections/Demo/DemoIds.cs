using System.Globalization;
using Ledger.EventStore;

namespace Ledger.Projections.Demo;

/// <summary>Deterministic ids of a streamed history: the same seed, kind and number always give the same id.</summary>
internal sealed class DemoIds(int seed)
{
    private readonly string _prefix = $"ledger-demo-stream:{seed.ToString(CultureInfo.InvariantCulture)}:";

    public Guid Of(string kind, long number) =>
        DeterministicId.From(string.Concat(_prefix, kind, ":", number.ToString(CultureInfo.InvariantCulture)));

    public Guid Of(string kind, long number, int part) =>
        DeterministicId.From(string.Create(CultureInfo.InvariantCulture, $"{_prefix}{kind}:{number}.{part}"));
}
