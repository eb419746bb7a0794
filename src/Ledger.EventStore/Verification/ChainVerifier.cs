using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace Ledger.EventStore.Verification;

/// <summary>Reads stored rows with binary COPY and feeds them to a <see cref="ChainWalker"/>.</summary>
internal sealed class ChainVerifier(NpgsqlDataSource dataSource, string schema)
{
    private const int BatchSize = 4_096;

    public async Task<VerificationResult> VerifyAsync(long fromPosition, long? toPosition, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        fromPosition = Math.Max(1, fromPosition);
        var head = await ReadHeadAsync(cancellationToken);
        var previous = fromPosition == 1 ? new byte[32] : await StoredHashAsync(fromPosition - 1, cancellationToken);
        if (previous is null)
            return VerificationResult.Broken(fromPosition - 2, "", fromPosition - 1, $"position {fromPosition - 1} is missing", 0);

        var walker = new ChainWalker(fromPosition, previous);
        // With no upper bound, read past the head too: rows the head does not acknowledge were not appended by the store.
        await WalkAsync(walker, fromPosition, toPosition ?? long.MaxValue, progress, cancellationToken);
        if (walker.IsBroken) return walker.Result();

        var end = toPosition ?? head.Position;
        if (walker.LastGoodPosition < Math.Min(end, head.Position))
            walker.Fail(walker.LastGoodPosition + 1, $"position {walker.LastGoodPosition + 1} is missing (the head is at {head.Position})");
        else if (toPosition is null && walker.LastGoodPosition > head.Position)
            walker.Fail(head.Position + 1, $"position {head.Position + 1} is stored beyond the head ({head.Position}): it was not appended by the store");
        else if (toPosition is null && walker.LastGoodPosition == head.Position && !walker.LastGoodHash.AsSpan().SequenceEqual(head.Hash))
            walker.Fail(head.Position, "the head's hash does not match the last event's hash");
        return walker.Result();
    }

    public async Task<VerificationResult> VerifyAgainstAsync(SignedDigest digest, CancellationToken cancellationToken)
    {
        if (!digest.HasValidSignature())
            return VerificationResult.Broken(0, "", digest.Position, "the digest's signature is not valid", 0);
        var upToDigest = await VerifyAsync(1, digest.Position, null, cancellationToken);
        if (!upToDigest.Intact) return upToDigest;
        if (upToDigest.VerifiedUpTo < digest.Position)
            return upToDigest with { Intact = false, FirstBadPosition = upToDigest.VerifiedUpTo + 1, Problem = $"the log is shorter than the digest (position {digest.Position})" };
        if (!string.Equals(upToDigest.HeadHash, digest.HeadHash, StringComparison.OrdinalIgnoreCase))
            return upToDigest with
            {
                Intact = false,
                VerifiedUpTo = 0,
                FirstBadPosition = digest.Position,
                Problem = $"the chain up to position {digest.Position} no longer ends in the signed hash: history before it was rewritten",
            };
        var since = await VerifyAsync(digest.Position + 1, null, null, cancellationToken);
        return since with { EventsChecked = since.EventsChecked + upToDigest.EventsChecked };
    }

    private async Task WalkAsync(ChainWalker walker, long from, long to, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        // Reading and hashing overlap: one task decodes COPY rows into batches, this one hashes them in order.
        var batches = Channel.CreateBounded<List<StoredEvent>>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Run(() => ReadRowsAsync(batches.Writer, from, to, stop.Token), stop.Token);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
            {
                // content(n) needs no predecessor: compute a batch's digests in parallel, then chain them in order.
                var digests = new byte[batch.Count][];
                Parallel.For(0, batch.Count, i => digests[i] = ChainWalker.ContentDigestOf(batch[i]));
                for (var i = 0; i < batch.Count; i++)
                {
                    if (!walker.Accept(batch[i], digests[i])) return;
                }
                progress?.Report(walker.LastGoodPosition);
            }
        }
        finally
        {
            await stop.CancelAsync();
            try { await reader; }
            catch (OperationCanceledException) { /* we stopped early */ }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.QueryCanceled) { /* we stopped early */ }
        }
    }

    private async Task ReadRowsAsync(ChannelWriter<List<StoredEvent>> output, long from, long to, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            // This runs on its own thread: synchronous column reads avoid thirteen async state machines per row.
            await using var exporter = await connection.BeginBinaryExportAsync(
                $"COPY (SELECT position, stream_id, stream_version, event_id, event_type, schema_version, data::text, actor, " +
                $"correlation_id, causation_id, occurred_at, recorded_at, hash FROM {schema}.events " +
                $"WHERE position >= {from} AND position <= {to} ORDER BY position) TO STDOUT (FORMAT BINARY)", cancellationToken);
            var batch = new List<StoredEvent>(BatchSize);
            while (exporter.StartRow() != -1)
            {
                batch.Add(new StoredEvent(
                    exporter.Read<long>(NpgsqlDbType.Bigint),
                    exporter.Read<string>(NpgsqlDbType.Text),
                    exporter.Read<long>(NpgsqlDbType.Bigint),
                    exporter.Read<Guid>(NpgsqlDbType.Uuid),
                    exporter.Read<string>(NpgsqlDbType.Text),
                    exporter.Read<int>(NpgsqlDbType.Integer),
                    exporter.Read<string>(NpgsqlDbType.Text),
                    exporter.Read<string>(NpgsqlDbType.Text),
                    exporter.IsNull ? Skip(exporter) : exporter.Read<string>(NpgsqlDbType.Text),
                    exporter.IsNull ? Skip(exporter) : exporter.Read<string>(NpgsqlDbType.Text),
                    exporter.Read<DateTimeOffset>(NpgsqlDbType.TimestampTz),
                    exporter.Read<DateTimeOffset>(NpgsqlDbType.TimestampTz),
                    exporter.Read<byte[]>(NpgsqlDbType.Bytea)));
                if (batch.Count == BatchSize)
                {
                    await output.WriteAsync(batch, cancellationToken);
                    batch = new List<StoredEvent>(BatchSize);
                }
            }
            if (batch.Count > 0) await output.WriteAsync(batch, cancellationToken);
            output.TryComplete();
        }
        catch (Exception ex)
        {
            output.TryComplete(ex);
            throw;
        }
    }

    private static string? Skip(NpgsqlBinaryExporter exporter)
    {
        exporter.Skip();
        return null;
    }

    private async Task<LogHead> ReadHeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await Reading.HeadRow.ReadAsync(connection, null, schema, forUpdate: false, cancellationToken);
    }

    private async Task<byte[]?> StoredHashAsync(long position, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT hash FROM {schema}.events WHERE position = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        return (byte[]?)await command.ExecuteScalarAsync(cancellationToken);
    }
}
