using Ledger.Api.Hosting;
using Ledger.Api.Security;
using Ledger.Import.Interchange;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Imports;

/// <summary>
/// The import endpoints the <c>ledger import</c> command feeds, one bounded batch per request, each batch all or
/// nothing and safe to repeat: classified messages (no text, only content hashes) and the ledger's own JSON Lines.
/// </summary>
public static class ImportsApi
{
    public static RouteGroupBuilder MapImportsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/imports").WithTags("Imports");
        group.MapPost("/messages", Messages).Admits(Roles.Recorder, Roles.Admin)
            .WithSummary($"Record up to {MessageImporter.MaxMessagesPerBatch} hashed, classified messages: people become participants, threads conversations, messages interactions");
        group.MapPost("/events", Events).Admits(Roles.Admin)
            .WithSummary($"Import up to {EventLinesImporter.MaxLinesPerBatch} events in the ledger's JSON Lines format (what export writes) through the bulk path; the body is the lines themselves (application/x-ndjson)");
        return group;
    }

    public static async Task<Ok<MessageBatchResult>> Messages(MessageBatch batch, HttpContext http, MessageImporter importer, CancellationToken cancellationToken) =>
        TypedResults.Ok(await importer.ImportAsync(batch, http.User.Actor(), cancellationToken));

    public static async Task<Ok<EventLinesResult>> Events(HttpRequest request, EventLinesImporter importer, CancellationToken cancellationToken)
    {
        Guid? after = null;
        if (request.Headers.TryGetValue(EventLinesImporter.AfterHeader, out var header))
        {
            after = Guid.TryParse(header.ToString(), out var id) ? id
                : throw new ClientInputException(EventLinesImporter.AfterHeader, $"{EventLinesImporter.AfterHeader} must be the event id of the previous batch's last line.", "invalid_header");
        }
        return TypedResults.Ok(await importer.ImportAsync(request.Body, request.ContentLength, after, cancellationToken));
    }
}
