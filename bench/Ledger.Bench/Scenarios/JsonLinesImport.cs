using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Ledger.EventStore;
using Ledger.EventStore.Verification;
using Ledger.Projections.Demo;
using Ledger.Projections.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.Bench.Scenarios;

/// <summary>
/// (i) End-to-end JSON Lines import, as <c>ledger import export.jsonl</c> does it: the demo company's history as
/// interchange lines (generated untimed), POSTed in batches of at most 3.5 MB to <c>/api/imports/events</c> of the running
/// API (a separate process with its projection daemon on), two in flight chained by <c>Import-After</c>; the API checks
/// every line and writes through the event store's bulk path. Against r5: one binary COPY of the same events (parsed untimed) into raw_events.
/// </summary>
internal sealed class JsonLinesImport : Scenario
{
    private const int MaxBatchBytes = 3_500_000;
    private string[]? _lines;
    private Guid[]? _ids;

    public override char Key => 'i';
    public override string Title => "(i) JSON Lines import over HTTP";
    public override string Baseline => "r5: binary COPY of the same events, 1 transaction";
    public override Target Target => Target.EventsPerSecond(50_000);

    private string[] Lines(BenchContext context)
    {
        if (_lines is not null) return _lines;
        var events = DemoEvents.EventsOnly(7, context.Options.BulkEvents, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)).ToArray();
        _ids = events.Select(e => e.Event.EventId).ToArray();
        return _lines = events.Select(e => LedgerExport.ToImportLine(e.StreamId, e.Event)).ToArray();
    }

    /// <summary>
    /// One untimed raw COPY of the whole file: a fresh cluster otherwise creates (zero-fills) its WAL segments during the
    /// first timed runs, which measured 63,000–66,000/s raw and 45,500–46,400/s store against 86,000–98,000 and
    /// 50,300–53,200 in the later repeats of the same process.
    /// </summary>
    public override Task WarmUpAsync(BenchContext context, CancellationToken cancellationToken) => RunRawAsync(context, 0, cancellationToken);

    public override async Task<RunResult> RunRawAsync(BenchContext context, int repeat, CancellationToken cancellationToken)
    {
        var events = Lines(context).Select(line => EventLines.Parse(line, EventLines.SettingsTypes)).ToArray();
        await context.RecreateRawTableAsync(cancellationToken);
        context.RawHoldsBulk = false;
        await context.SettleAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await using (var connection = await context.RawDataSource.OpenConnectionAsync(cancellationToken))
        {
            var versions = new Dictionary<string, long>();
            var recordedAt = DateTimeOffset.UtcNow;
            var hash = new byte[32];
            await using var importer = await connection.BeginBinaryImportAsync(
                $"COPY {RawBaseline.Table} (position, stream_id, stream_version, event_id, event_type, schema_version, data, actor, correlation_id, causation_id, occurred_at, recorded_at, hash) FROM STDIN (FORMAT BINARY)", cancellationToken);
            for (var i = 0; i < events.Length; i++)
            {
                var (streamId, e) = events[i];
                var version = versions[streamId] = versions.GetValueOrDefault(streamId) + 1;
                importer.StartRow();
                importer.Write(i + 1L, NpgsqlDbType.Bigint);
                importer.Write(streamId, NpgsqlDbType.Text);
                importer.Write(version, NpgsqlDbType.Bigint);
                importer.Write(e.EventId, NpgsqlDbType.Uuid);
                importer.Write(e.EventType, NpgsqlDbType.Text);
                importer.Write(e.SchemaVersion, NpgsqlDbType.Integer);
                importer.Write(Encoding.UTF8.GetString(e.Data.Span), NpgsqlDbType.Jsonb);
                importer.Write(e.Metadata.Actor, NpgsqlDbType.Text);
                importer.Write(e.Metadata.CorrelationId, NpgsqlDbType.Text);
                importer.WriteNull();
                importer.Write(e.Metadata.OccurredAt, NpgsqlDbType.TimestampTz);
                importer.Write(recordedAt, NpgsqlDbType.TimestampTz);
                importer.Write(hash, NpgsqlDbType.Bytea);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        return new RunResult(events.Length, Stopwatch.GetElapsedTime(started));
    }

    public override async Task<RunResult> RunStoreAsync(BenchContext context, int repeat, CancellationToken cancellationToken)
    {
        var lines = Lines(context);
        var database = string.Create(CultureInfo.InvariantCulture, $"bench_i_{repeat}_{Environment.ProcessId}");
        await HttpRecording.ExecuteAsync(context, $"CREATE DATABASE {database}", cancellationToken);
        var port = HttpRecording.FreePort();
        var adminKey = "ldg_bench_admin_" + Guid.NewGuid().ToString("N");
        using var api = HttpRecording.StartApi(context, database, port, adminKey);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            await HttpRecording.WaitHealthyAsync(http, api, cancellationToken);
            http.DefaultRequestHeaders.Add("X-Api-Key", adminKey);
            await context.SettleAsync(cancellationToken);
            var started = Stopwatch.GetTimestamp();
            long imported = 0;
            // As the CLI does: two batches in flight, each naming the last event of the one before it (Import-After).
            var inFlight = new Queue<Task<HttpResponseMessage>>();
            Guid? lastOfPrevious = null;
            var batch = new StringBuilder(MaxBatchBytes + 10_000);
            var ids = _ids!;
            for (var i = 0; i < lines.Length; i++)
            {
                if (batch.Length + lines[i].Length > MaxBatchBytes) await SendAsync(ids[i - 1]);
                batch.Append(lines[i]).Append('\n');
            }
            await SendAsync(ids[^1]);
            while (inFlight.Count > 0) imported += await AccountAsync(await inFlight.Dequeue());
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (imported != lines.Length) throw new InvalidOperationException($"Imported {imported} of {lines.Length} events.");
            return new RunResult(lines.Length, elapsed);

            async Task SendAsync(Guid lastOfBatch)
            {
                if (batch.Length == 0) return;
                if (inFlight.Count == 2) imported += await AccountAsync(await inFlight.Dequeue());
                var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports/events") { Content = new StringContent(batch.ToString(), Encoding.UTF8, "application/x-ndjson") };
                if (lastOfPrevious is { } after) request.Headers.Add("Import-After", after.ToString());
                inFlight.Enqueue(http.SendAsync(request, cancellationToken));
                lastOfPrevious = lastOfBatch;
                batch.Clear();
            }
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync(cancellationToken);
            await HttpRecording.ExecuteAsync(context, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", cancellationToken);
        }

        async Task<long> AccountAsync(HttpResponseMessage response)
        {
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"The API answered {(int)response.StatusCode}: {body}");
                using var json = System.Text.Json.JsonDocument.Parse(body);
                return json.RootElement.GetProperty("imported").GetInt64();
            }
        }
    }
}
