using Ledger.Api.Hosting;
using Ledger.Api.Security;
using Ledger.EventStore;
using Ledger.EventStore.Verification;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Audit;

/// <summary>The log itself, for auditors: any stream's events with positions and hashes, the global log, verification and signed digests.</summary>
public static class AuditApi
{
    public sealed record EventView(
        long Position, string StreamId, long StreamVersion, Guid EventId, string EventType, int SchemaVersion,
        System.Text.Json.JsonElement Data, string Actor, string? CorrelationId, string? CausationId,
        DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, string Hash)
    {
        public static EventView From(StoredEvent e) =>
            new(e.Position, e.StreamId, e.StreamVersion, e.EventId, e.EventType, e.SchemaVersion,
                System.Text.Json.JsonDocument.Parse(e.Data).RootElement.Clone(), e.Actor, e.CorrelationId, e.CausationId,
                e.OccurredAt, e.RecordedAt, e.HashHex);
    }

    public sealed record StreamView(string StreamId, long Version, IReadOnlyList<EventView> Events);

    public sealed record EventPage(IReadOnlyList<EventView> Events, long? NextAfter);

    public sealed record HeadView(long Position, string Hash, DateTimeOffset? RecordedAt);

    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/ledger").WithTags("Ledger (audit)");
        group.MapGet("/streams/{streamId}", ReadStream).Admits(Roles.Auditor, Roles.Admin)
            .WithSummary("Read any stream's events with their global positions and hashes; ?asOf=position");
        group.MapGet("/events", ReadAll).Admits(Roles.Auditor, Roles.Admin)
            .WithSummary($"Read the global log after a position, in pages of at most {Limits.MaxEventsPerPage}");
        group.MapGet("/export", Export).Admits(Roles.Auditor, Roles.Admin)
            .WithSummary("The log as JSON Lines, exactly as stored (data as its canonical text), for the offline verifier; paged by after/limit");
        group.MapGet("/head", Head).Admits(Roles.Auditor, Roles.Admin).WithSummary("The log's head: last position and its chain hash");
        group.MapGet("/verify", Verify).Admits(Roles.Auditor, Roles.Admin)
            .WithSummary("Recompute the hash chain over the whole log or a range; reports the first bad position");
        group.MapGet("/digest", Digest).Admits(Roles.Auditor, Roles.Admin)
            .WithSummary("A signed digest (position, head hash, time; ECDSA P-256) to anchor outside the database");
        group.MapPost("/digest/verify", VerifyDigest).Admits(Roles.Auditor, Roles.Admin)
            .WithSummary("Verify the log against an earlier signed digest: the signature holds and the log since only grew");
        return group;
    }

    public static async Task<Ok<StreamView>> ReadStream(string streamId, long? asOf, HttpContext http, LedgerDatabase database, CancellationToken cancellationToken)
    {
        if (streamId.Length > database.Store.Options.MaxStreamIdLength)
            throw new ClientInputException("streamId", $"Stream ids are at most {database.Store.Options.MaxStreamIdLength} characters.", "stream_id_too_long");
        var events = new List<EventView>();
        await foreach (var e in database.Store.ReadStreamAsync(streamId, asOfPosition: asOf, cancellationToken: cancellationToken))
            events.Add(EventView.From(e));
        if (events.Count == 0) throw Domain.Common.DomainException.NotFound("stream_not_found", $"Stream '{streamId}' has no events{(asOf is null ? "" : $" as of position {asOf}")}.");
        http.Response.Headers.ETag = $"\"{events[^1].StreamVersion}\"";
        return TypedResults.Ok(new StreamView(streamId, events[^1].StreamVersion, events));
    }

    public static async Task<Ok<EventPage>> ReadAll(long? after, int? limit, LedgerDatabase database, CancellationToken cancellationToken)
    {
        var size = limit ?? 100;
        if (size is < 1 or > Limits.MaxEventsPerPage)
            throw new ClientInputException("limit", $"limit must be between 1 and {Limits.MaxEventsPerPage}.", "invalid_limit");
        if (after is < 0) throw new ClientInputException("after", "after must be 0 or more.", "invalid_after");
        var events = new List<EventView>();
        await foreach (var e in database.Store.ReadAllAsync(after ?? 0, (after ?? 0) + size, size, cancellationToken))
            events.Add(EventView.From(e));
        return TypedResults.Ok(new EventPage(events, events.Count == size ? events[^1].Position : null));
    }

    public static async Task Export(long? after, int? limit, HttpContext http, LedgerDatabase database, CancellationToken cancellationToken)
    {
        var size = limit ?? 10_000;
        if (size is < 1 or > 100_000) throw new ClientInputException("limit", "limit must be between 1 and 100,000.", "invalid_limit");
        if (after is < 0) throw new ClientInputException("after", "after must be 0 or more.", "invalid_after");
        http.Response.ContentType = "application/x-ndjson";
        await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false));
        await foreach (var e in database.Store.ReadAllAsync(after ?? 0, (after ?? 0) + size, Math.Min(size, 5_000), cancellationToken))
            await writer.WriteLineAsync(LedgerExport.ToLine(e).AsMemory(), cancellationToken);
    }

    public static async Task<Ok<HeadView>> Head(LedgerDatabase database, CancellationToken cancellationToken)
    {
        var head = await database.Store.ReadHeadAsync(cancellationToken);
        return TypedResults.Ok(new HeadView(head.Position, head.HashHex, head.Position == 0 ? null : head.RecordedAt));
    }

    public static async Task<Ok<VerificationResult>> Verify(long? from, long? to, LedgerDatabase database, CancellationToken cancellationToken)
    {
        if (from is < 1) throw new ClientInputException("from", "from must be 1 or more.", "invalid_range");
        if (to is { } end && end < (from ?? 1)) throw new ClientInputException("to", "to must not be before from.", "invalid_range");
        return TypedResults.Ok(await database.Store.VerifyAsync(from ?? 1, to, cancellationToken: cancellationToken));
    }

    public static async Task<Ok<SignedDigest>> Digest(LedgerDatabase database, CancellationToken cancellationToken) =>
        TypedResults.Ok(await database.Store.CreateDigestAsync(database.Signer, cancellationToken));

    public static async Task<Ok<VerificationResult>> VerifyDigest(SignedDigest digest, LedgerDatabase database, CancellationToken cancellationToken)
    {
        if (digest.Position < 0) throw new ClientInputException("position", "position must be 0 or more.", "invalid_digest");
        return TypedResults.Ok(await database.Store.VerifyAgainstDigestAsync(digest, cancellationToken));
    }
}
