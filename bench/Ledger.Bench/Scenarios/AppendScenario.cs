using System.Globalization;
using Ledger.EventStore;
using Npgsql;

namespace Ledger.Bench.Scenarios;

/// <summary>
/// Timed appends: <see cref="Writers"/> concurrent writers, each appending <see cref="EventsPerAppend"/> events per call
/// for the configured duration. Raw: each writer owns a connection and commits every call on its own (one INSERT, or
/// one NpgsqlBatch of INSERTs in one implicit transaction). Store: the writers share one <see cref="EventStore"/>.
/// Streams: single-event appends fill streams of 10 events with an exact expected version; 100-event appends open a
/// new stream per call (expected: no stream). The raw rows carry the same stream ids, versions and payloads.
/// </summary>
internal abstract class AppendScenario : Scenario
{
    private const int EventsPerStream = 10;

    protected abstract int Writers { get; }
    protected abstract int EventsPerAppend { get; }

    public override async Task<RunResult> RunRawAsync(BenchContext context, int repeat, CancellationToken cancellationToken)
    {
        await context.RecreateRawTableAsync(cancellationToken);
        var run = context.NextRun();
        var connections = new NpgsqlConnection[Writers];
        for (var w = 0; w < Writers; w++) connections[w] = await context.RawDataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            long position = 0;
            await context.SettleAsync(cancellationToken);
            return await TimedLoop.RunAsync(Writers, context.Options.Duration, async (w, call) =>
            {
                if (EventsPerAppend == 1)
                {
                    var (streamId, version, e) = Single(context, run, w, call);
                    await RawBaseline.InsertOneAsync(connections[w], Interlocked.Increment(ref position), streamId, version, e, cancellationToken);
                    return 1;
                }
                var rows = Batch(context, run, w, call)
                    .Select(r => (Interlocked.Increment(ref position), r.StreamId, r.Version, r.Event))
                    .ToList();
                await RawBaseline.InsertBatchAsync(connections[w], rows, cancellationToken);
                return rows.Count;
            });
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }

    public override async Task<RunResult> RunStoreAsync(BenchContext context, int repeat, CancellationToken cancellationToken)
    {
        var schema = SchemaFor(repeat);
        var run = context.NextRun();
        RunResult result;
        await using (var store = await context.OpenFreshStoreAsync(schema, cancellationToken))
        {
            await context.SettleAsync(cancellationToken);
            result = await TimedLoop.RunAsync(Writers, context.Options.Duration, async (w, call) =>
            {
                if (EventsPerAppend == 1)
                {
                    var (streamId, version, e) = Single(context, run, w, call);
                    await store.AppendAsync(streamId, ExpectedVersion.Exactly(version - 1), [e.ToEventData()], cancellationToken);
                    return 1;
                }
                var events = Batch(context, run, w, call).ToList();
                await store.AppendAsync(events[0].StreamId, ExpectedVersion.NoStream, events.Select(r => r.Event.ToEventData()).ToList(), cancellationToken);
                return events.Count;
            });
            var head = await store.ReadHeadAsync(cancellationToken);
            if (head.Position < result.Events)
                throw new InvalidOperationException($"The store acknowledged {result.Events} events but its head is at {head.Position}.");
        }
        await context.DropSchemaAsync(schema, cancellationToken);
        return result;
    }

    private string SchemaFor(int repeat) => string.Create(CultureInfo.InvariantCulture, $"bench_{Key}_{repeat}");

    /// <summary>The call-th single event of writer w: its stream, its version there, and its content.</summary>
    private (string StreamId, long Version, BenchEvent Event) Single(BenchContext context, int run, int w, long call) =>
        (string.Create(CultureInfo.InvariantCulture, $"w{w}-{call / EventsPerStream}"), call % EventsPerStream + 1,
         context.Payloads.Event(run, call * Writers + w));

    /// <summary>The call-th batch of writer w: one new stream holding the batch's events at versions 1..n.</summary>
    private IEnumerable<(string StreamId, long Version, BenchEvent Event)> Batch(BenchContext context, int run, int w, long call)
    {
        var streamId = string.Create(CultureInfo.InvariantCulture, $"w{w}-b{call}");
        for (var j = 0; j < EventsPerAppend; j++)
            yield return (streamId, j + 1, context.Payloads.Event(run, (call * EventsPerAppend + j) * Writers + w));
    }
}
