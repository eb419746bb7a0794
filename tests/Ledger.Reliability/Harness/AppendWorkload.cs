using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Reliability.Harness;

/// <summary>One interaction to append: its Idempotency-Key and the exact body every retry resends.</summary>
public sealed record PlannedAppend(int Index, string IdempotencyKey, Guid ConversationId, string Body);

/// <summary>What the API acknowledged (201) for a key.</summary>
public sealed record Acknowledgement(Guid InteractionId, long? Position, bool Replayed);

/// <summary>
/// Simulated clients appending interactions, each with its own Idempotency-Key. A client retries an append until it
/// is acknowledged: after a 503 (honouring Retry-After), a 409 "in progress", or a refused/reset connection; always
/// with the same key and the same body. Every status seen is tallied.
/// </summary>
public sealed class AppendWorkload
{
    private readonly ReliabilityHarness _harness;
    private readonly string _recorderKey;
    private readonly IReadOnlyList<IReadOnlyList<PlannedAppend>> _perClient;
    private int _acknowledged;

    private AppendWorkload(ReliabilityHarness harness, string recorderKey, IReadOnlyList<IReadOnlyList<PlannedAppend>> perClient)
    {
        _harness = harness;
        _recorderKey = recorderKey;
        _perClient = perClient;
        Planned = [.. perClient.SelectMany(p => p).OrderBy(p => p.Index)];
    }

    public IReadOnlyList<PlannedAppend> Planned { get; }

    public ConcurrentDictionary<string, Acknowledgement> Acknowledged { get; } = new();

    public int AcknowledgedCount => Volatile.Read(ref _acknowledged);

    public ResponseTally Tally { get; } = new();

    /// <summary>A recorder key and one conversation per client (clients do not contend for a stream), then the plan.</summary>
    public static async Task<AppendWorkload> PrepareAsync(ReliabilityHarness harness, int clients, int total)
    {
        var recorderKey = await harness.CreateKeyAsync("recorder");
        var conversations = new List<Conversation>();
        for (var c = 0; c < clients; c++) conversations.Add(await harness.OpenConversationAsync(recorderKey));
        var perClient = conversations.Select(_ => new List<PlannedAppend>()).ToList();
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < total; i++)
        {
            var conversation = conversations[i % clients];
            var key = $"reliability-{Guid.NewGuid():N}";
            var body = new JsonObject
            {
                ["senderId"] = conversation.StaffId,
                ["receiverIds"] = new JsonArray(conversation.CustomerId),
                ["occurredAt"] = start.AddSeconds(i),
                ["contentHash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))),
                ["source"] = new JsonObject { ["system"] = "reliability", ["id"] = key },
                ["payload"] = new JsonObject
                {
                    ["kind"] = "monetary",
                    ["amount"] = decimal.Parse($"{1 + i % 997}.{i % 100:00}", CultureInfo.InvariantCulture),
                    ["currency"] = "EUR",
                    ["direction"] = "revenue",
                },
            }.ToJsonString();
            perClient[i % clients].Add(new PlannedAppend(i, key, conversation.ConversationId, body));
        }
        return new AppendWorkload(harness, recorderKey, perClient);
    }

    /// <summary>Runs every client until all its appends are acknowledged (or the deadline passes).</summary>
    public Task RunAsync(TimeSpan deadline, int? appendsPerSecond = null)
    {
        var until = DateTime.UtcNow + deadline;
        var pace = appendsPerSecond is { } rate ? new Pace(rate) : null;
        return Task.WhenAll(_perClient.Select(appends => Task.Run(async () =>
        {
            foreach (var append in appends)
            {
                if (pace is not null) await pace.WaitTurnAsync();
                await AppendUntilAcknowledgedAsync(append, until);
            }
        })));
    }

    /// <summary>Waits until <paramref name="count"/> appends are acknowledged; fails early if the run itself failed.</summary>
    public async Task WaitForAcknowledgedAsync(int count, Task run)
    {
        while (AcknowledgedCount < count)
        {
            if (run.IsCompleted)
            {
                await run;
                return;
            }
            await Task.Delay(5);
        }
    }

    private async Task AppendUntilAcknowledgedAsync(PlannedAppend append, DateTime until)
    {
        var path = $"/api/conversations/{append.ConversationId}/interactions";
        var unexpected = 0;
        while (true)
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"Append {append.Index} ({append.IdempotencyKey}) was not acknowledged before the deadline. {Tally}");
            TimeSpan wait;
            try
            {
                using var request = ReliabilityHarness.Request(HttpMethod.Post, path, _recorderKey, append.Body);
                request.Headers.TryAddWithoutValidation("Idempotency-Key", append.IdempotencyKey);
                using var response = await _harness.Http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                var retryAfter = response.Headers.RetryAfter?.Delta;
                var code = status >= 400 ? ReliabilityHarness.ProblemCode(body) : null;
                Tally.Count(status, code, retryAfter is not null);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Acknowledge(append, body, response.Headers.Contains("Idempotent-Replayed"));
                    return;
                }
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable || (status == 409 && code == "idempotency_in_progress"))
                {
                    wait = Clamp(retryAfter ?? TimeSpan.FromMilliseconds(250));
                }
                else
                {
                    Tally.Unexpected(append.IdempotencyKey, status, body);
                    if (++unexpected >= 5) return; // the assertions report it; do not spin on a client error
                    wait = TimeSpan.FromMilliseconds(250);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                Tally.Transport(ex);
                wait = TimeSpan.FromMilliseconds(100);
            }
            await Task.Delay(wait);
        }
    }

    private void Acknowledge(PlannedAppend append, string body, bool replayed)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var interactionId = root.GetProperty("interactionIds")[0].GetGuid();
        long? position = root.GetProperty("position").ValueKind == JsonValueKind.Number ? root.GetProperty("position").GetInt64() : null;
        if (Acknowledged.TryAdd(append.IdempotencyKey, new Acknowledgement(interactionId, position, replayed)))
            Interlocked.Increment(ref _acknowledged);
    }

    private static TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : wait > TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : wait;

    /// <summary>Spreads appends evenly over time for a target rate shared by all clients.</summary>
    private sealed class Pace(int perSecond)
    {
        private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();
        private long _issued;

        public async Task WaitTurnAsync()
        {
            var turn = Interlocked.Increment(ref _issued);
            var due = TimeSpan.FromSeconds((double)turn / perSecond) - System.Diagnostics.Stopwatch.GetElapsedTime(_started);
            if (due > TimeSpan.Zero) await Task.Delay(due);
        }
    }
}

/// <summary>Every response status (with its problem code), missing Retry-After headers, transport failures, and the unexpected ones.</summary>
public sealed class ResponseTally
{
    private readonly ConcurrentDictionary<string, int> _byStatus = new();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly ConcurrentQueue<string> _transportSamples = new();
    private int _transport;
    private int _withoutRetryAfter;

    public int TransportFailures => Volatile.Read(ref _transport);

    /// <summary>503 and 409-in-progress answers that did not say when to retry.</summary>
    public int RetriableWithoutRetryAfter => Volatile.Read(ref _withoutRetryAfter);

    public IReadOnlyCollection<string> UnexpectedResponses => _unexpected;

    public int Of(int status) => _byStatus.Where(p => p.Key.StartsWith(status.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)).Sum(p => p.Value);

    public int Of(int status, string code) => _byStatus.GetValueOrDefault($"{status} {code}");

    public IEnumerable<int> Statuses => _byStatus.Keys.Select(k => int.Parse(k[..3], CultureInfo.InvariantCulture)).Distinct();

    public void Count(int status, string? code, bool hasRetryAfter)
    {
        _byStatus.AddOrUpdate(code is null ? $"{status}" : $"{status} {code}", 1, (_, n) => n + 1);
        if ((status == 503 || code == "idempotency_in_progress") && !hasRetryAfter) Interlocked.Increment(ref _withoutRetryAfter);
    }

    public void Unexpected(string key, int status, string body)
    {
        if (_unexpected.Count < 50) _unexpected.Enqueue($"{key}: {status} {body[..Math.Min(body.Length, 400)]}");
    }

    public void Transport(Exception ex)
    {
        if (Interlocked.Increment(ref _transport) <= 5)
            _transportSamples.Enqueue($"{ex.GetType().Name}: {ex.Message} {ex.InnerException?.Message}");
    }

    /// <summary>The first few transport failures, for the test output.</summary>
    public IReadOnlyCollection<string> TransportSamples => _transportSamples;

    public override string ToString() =>
        string.Join(", ", _byStatus.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}"))
        + $", transport failures: {TransportFailures}";
}
