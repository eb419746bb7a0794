using System.Globalization;
using System.Text;
using Ledger.EventStore;

namespace Ledger.Bench;

/// <summary>One event's content, shared by the raw baseline and the store so both write the same bytes.</summary>
internal sealed record BenchEvent(
    Guid EventId,
    string EventType,
    string Json,
    byte[] Utf8,
    string Actor,
    DateTimeOffset OccurredAt,
    string CorrelationId,
    string? CausationId)
{
    public EventData ToEventData() => new(EventId, EventType, Utf8, new EventMetadata(Actor, OccurredAt, CorrelationId, CausationId));
}

/// <summary>
/// Deterministic (seeded) JSON payloads of ~300-450 bytes, shaped like the ledger's interaction events. A pool of
/// distinct bodies is generated once; events cycle through it, while ids and metadata are unique per event.
/// </summary>
internal sealed class Payloads
{
    private const int PoolSize = 8_192;
    private static readonly string[] Types = ["interaction-recorded", "decision-taken", "participant-joined", "initiative-valued"];
    private static readonly string[] Channels = ["email", "meeting", "call", "chat", "workshop"];
    private static readonly string[] Words =
        ["budget", "review", "customer", "renewal", "pricing", "roadmap", "risk", "contract", "pilot", "launch",
         "forecast", "margin", "hiring", "vendor", "audit", "quarter", "escalation", "proposal", "metrics", "onboarding"];
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly (string Json, byte[] Utf8)[] _pool;
    private readonly Random _random;

    public Payloads(int seed = 42)
    {
        _random = new Random(seed);
        _pool = new (string, byte[])[PoolSize];
        for (var i = 0; i < PoolSize; i++)
        {
            var json = Body(i);
            _pool[i] = (json, Encoding.UTF8.GetBytes(json));
        }
    }

    public int MinBytes => _pool.Min(p => p.Utf8.Length);
    public int MaxBytes => _pool.Max(p => p.Utf8.Length);
    public double AverageBytes => _pool.Average(p => p.Utf8.Length);

    /// <summary>The n-th event of a run: same n, same content (the id is derived from the seed, the run and n).</summary>
    public BenchEvent Event(int run, long n)
    {
        var (json, utf8) = _pool[(int)(n % PoolSize)];
        Span<byte> id = stackalloc byte[16];
        BitConverter.TryWriteBytes(id, n);
        BitConverter.TryWriteBytes(id[8..], ((long)run << 32) ^ 0x5eed_1ed9_e5L);
        // Scramble so that ids are spread like random v4 uuids (index inserts land on random pages, as in production).
        var hash = System.Security.Cryptography.MD5.HashData(id);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x40);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new BenchEvent(
            new Guid(hash),
            Types[n % Types.Length],
            json,
            utf8,
            string.Create(CultureInfo.InvariantCulture, $"user-{n % 97}"),
            Epoch.AddMilliseconds(n),
            string.Create(CultureInfo.InvariantCulture, $"corr-{run}-{n / 4}"),
            n % 4 == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"cause-{run}-{n - 1}"));
    }

    private string Body(int i)
    {
        var summary = new StringBuilder();
        var words = _random.Next(14, 32);
        for (var w = 0; w < words; w++)
        {
            if (w > 0) summary.Append(' ');
            summary.Append(Words[_random.Next(Words.Length)]);
        }
        var amount = (_random.Next(100, 5_000_000) / 100m).ToString("0.00", CultureInfo.InvariantCulture);
        var tags = string.Join(", ", Enumerable.Range(0, _random.Next(1, 4)).Select(_ => $"\"{Words[_random.Next(Words.Length)]}\""));
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"interactionId": "int-{{i:D6}}", "participantId": "p-{{_random.Next(10_000):D5}}", "channel": "{{Channels[_random.Next(Channels.Length)]}}", "durationMinutes": {{_random.Next(5, 180)}}, "summary": "{{summary}}", "amount": {"value": {{amount}}, "currency": "EUR"}, "tags": [{{tags}}], "billable": {{(_random.Next(2) == 0 ? "true" : "false")}}}""");
    }
}
