using Ledger.Api.Hosting;
using Ledger.Api.Security;
using Ledger.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Lineage;

/// <summary>Decision lineage for auditors: upstream (what informed it), downstream (what it influenced), PROV-JSON.</summary>
public static class LineageApi
{
    public static RouteGroupBuilder MapLineageApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/lineage").WithTags("Lineage (audit)");
        group.MapGet("/decisions/{decisionId:guid}", Upstream).Admits(Roles.Auditor)
            .WithSummary("What informed a decision, transitively: decisions, snapshots, pilot runs, conversations, interactions, participants (depth ≤ 10); asOf=position or at=time");
        group.MapGet("/decisions/{decisionId:guid}/prov", Prov).Admits(Roles.Auditor)
            .WithSummary("The decision's lineage as W3C PROV-JSON; asOf=position or at=time");
        group.MapGet("/influenced", Downstream).Admits(Roles.Auditor)
            .WithSummary("Which decisions an interaction, conversation, decision or snapshot/pilot run influenced (kind=interaction|conversation|decision|snapshot&id=…); asOf=position or at=time");
        return group;
    }

    public static async Task<Ok<LineageGraph>> Upstream(
        Guid decisionId, int? depth, long? asOf, DateTimeOffset? at, LineageBuilder lineage, LedgerDatabase database, CancellationToken cancellationToken)
    {
        var depthLimit = Depth(depth);
        var position = await AsOfPosition.ResolveAsync(database.Store, asOf, at, cancellationToken);
        return TypedResults.Ok(await lineage.UpstreamAsync(decisionId, depthLimit, position, cancellationToken));
    }

    public static async Task<IResult> Prov(
        Guid decisionId, int? depth, long? asOf, DateTimeOffset? at, LineageBuilder lineage, LedgerDatabase database, CancellationToken cancellationToken)
    {
        var depthLimit = Depth(depth);
        var position = await AsOfPosition.ResolveAsync(database.Store, asOf, at, cancellationToken);
        return TypedResults.Json(ProvJson.From(await lineage.UpstreamAsync(decisionId, depthLimit, position, cancellationToken)), contentType: "application/json");
    }

    public static async Task<Ok<LineageGraph>> Downstream(
        string kind, Guid id, int? depth, long? asOf, DateTimeOffset? at, LineageBuilder lineage, LedgerDatabase database, CancellationToken cancellationToken)
    {
        var entityKind = kind.ToLowerInvariant() switch
        {
            "interaction" => EntityKind.Interaction,
            "conversation" => EntityKind.Conversation,
            "decision" => EntityKind.Decision,
            "snapshot" or "pilotrun" or "reportsnapshot" => EntityKind.ReportSnapshot,
            _ => throw new ClientInputException("kind", "kind must be interaction, conversation, decision or snapshot.", "unknown_kind"),
        };
        var depthLimit = Depth(depth);
        var position = await AsOfPosition.ResolveAsync(database.Store, asOf, at, cancellationToken);
        return TypedResults.Ok(await lineage.DownstreamAsync(new EntityRef(entityKind, id), depthLimit, position, cancellationToken));
    }

    private static int Depth(int? depth) =>
        depth switch
        {
            null => 5,
            < 1 or > LineageBuilder.MaxDepth => throw new ClientInputException("depth", $"depth must be between 1 and {LineageBuilder.MaxDepth}.", "invalid_depth"),
            _ => depth.Value,
        };
}
