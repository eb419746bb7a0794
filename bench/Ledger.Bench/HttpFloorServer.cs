using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.Bench;

/// <summary>
/// The floor of (h), run by (g): what any HTTP API in front of a durable insert reaches on this machine when it does
/// nothing else. A bare ASP.NET Core minimal API (the ledger's framework, server GC, no logging, no authentication, no
/// validation beyond JSON binding) receives the same interaction bodies as the ledger's endpoint and answers 201 once
/// one row per request is committed — through the cheapest durable write there is for many concurrent requests: one
/// writer loop that commits whatever has queued as one multi-row INSERT (group commit, as the ledger's store does), into
/// a table like the raw baseline's (bigint position, unique event id, unique stream and version, jsonb data, hash)
/// with fewer metadata columns. No head row, no hash chain, no stream-version check, no idempotency, no
/// projection: everything the ledger adds is absent, so the ledger cannot be faster than this on the same machine.
/// </summary>
internal static class HttpFloorServer
{
    public const string Argument = "--http-floor-server";
    public const string Table = "bench_floor_events";

    /// <summary>Runs the server until killed: <c>--http-floor-server URL CONNECTION</c>.</summary>
    public static async Task<int> RunAsync(string url, string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        await using var dataSource = builder.Build();
        await using (var create = dataSource.CreateCommand($"""
            DROP TABLE IF EXISTS {Table};
            CREATE TABLE {Table} (
                position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_id text NOT NULL, stream_version bigint NOT NULL,
                event_id uuid NOT NULL UNIQUE, event_type text NOT NULL, data jsonb NOT NULL, occurred_at timestamptz NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now(), hash bytea NOT NULL, UNIQUE (stream_id, stream_version));
            """))
        {
            await create.ExecuteNonQueryAsync();
        }
        var writer = new GroupInsertWriter(dataSource);
        var versions = new ConcurrentDictionary<Guid, long>();

        var web = WebApplication.CreateSlimBuilder();
        web.Logging.ClearProviders();
        var app = web.Build();
        app.MapPost("/api/conversations/{conversationId:guid}/interactions", async (Guid conversationId, FloorInteraction body, CancellationToken cancellationToken) =>
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(body, FloorJson.Default.FloorInteraction);
            var row = new FloorRow(conversationId.ToString(), versions.AddOrUpdate(conversationId, 1, (_, v) => v + 1), Guid.NewGuid(),
                Encoding.UTF8.GetString(json), body.OccurredAt.ToUniversalTime(), SHA256.HashData(json));
            var position = await writer.AppendAsync(row).WaitAsync(cancellationToken);
            return TypedResults.Created($"/api/conversations/{conversationId}", new FloorResponse(conversationId, row.Version, [row.EventId], position));
        });
        app.MapGet("/health", () => TypedResults.Ok());
        await app.RunAsync(url);
        return 0;
    }

    internal sealed record FloorRow(string StreamId, long Version, Guid EventId, string Json, DateTimeOffset OccurredAt, byte[] Hash);

    /// <summary>
    /// One connection, one loop: takes every row queued so far, inserts them in one statement (one transaction, one
    /// commit and fsync), then acknowledges each caller. Callers' continuations run on the pool, not on this loop.
    /// </summary>
    private sealed class GroupInsertWriter
    {
        private readonly Channel<(FloorRow Row, TaskCompletionSource<long> Done)> _queue =
            Channel.CreateUnbounded<(FloorRow, TaskCompletionSource<long>)>(new UnboundedChannelOptions { SingleReader = true });

        public GroupInsertWriter(NpgsqlDataSource dataSource) => _ = Task.Run(() => LoopAsync(dataSource));

        public Task<long> AppendAsync(FloorRow row)
        {
            var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_queue.Writer.TryWrite((row, done))) done.SetException(new InvalidOperationException("The writer stopped."));
            return done.Task;
        }

        private async Task LoopAsync(NpgsqlDataSource dataSource)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            var group = new List<(FloorRow Row, TaskCompletionSource<long> Done)>();
            while (await _queue.Reader.WaitToReadAsync())
            {
                group.Clear();
                while (group.Count < 1_000 && _queue.Reader.TryRead(out var item)) group.Add(item);
                try
                {
                    var positions = await InsertAsync(connection, group.Select(g => g.Row).ToList());
                    for (var i = 0; i < group.Count; i++) group[i].Done.SetResult(positions[i]);
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
                {
                    foreach (var (_, done) in group) done.SetException(ex);
                }
            }
        }

        private static async Task<List<long>> InsertAsync(NpgsqlConnection connection, List<FloorRow> rows)
        {
            await using var command = new NpgsqlCommand($"""
                INSERT INTO {Table} (stream_id, stream_version, event_id, event_type, data, occurred_at, hash)
                SELECT s, v, e, 'InteractionRecorded', d::jsonb, o, h
                FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::timestamptz[], $6::bytea[]) WITH ORDINALITY AS t(s, v, e, d, o, h, n)
                ORDER BY n
                RETURNING position
                """, connection);
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.StreamId)] });
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. rows.Select(r => r.Version)] });
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. rows.Select(r => r.EventId)] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.Json)] });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. rows.Select(r => r.OccurredAt)] });
            command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. rows.Select(r => r.Hash)] });
            var positions = new List<long>(rows.Count);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) positions.Add(reader.GetInt64(0));
            // Identity values are assigned in the insert's row order, which ORDER BY n fixes: position i is row i's.
            return positions;
        }
    }
}

/// <summary>The body (h) posts, bound as the ledger binds it (camelCase JSON).</summary>
internal sealed record FloorInteraction(Guid SenderId, Guid[] ReceiverIds, DateTimeOffset OccurredAt, string ContentHash, FloorSource Source, FloorPayload Payload);

internal sealed record FloorSource(string System, string Id);

internal sealed record FloorPayload(string Kind, decimal Amount, string Currency, string Direction);

internal sealed record FloorResponse(Guid ConversationId, long Version, IReadOnlyList<Guid> InteractionIds, long Position);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(FloorInteraction))]
internal sealed partial class FloorJson : System.Text.Json.Serialization.JsonSerializerContext;
