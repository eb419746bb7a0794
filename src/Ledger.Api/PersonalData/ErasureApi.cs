using System.Text.Json;
using Ledger.Api.Hosting;
using Ledger.Api.Security;
using Ledger.Domain.Common;
using Ledger.EventStore;
using Ledger.Projections.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.PersonalData;

/// <summary>
/// Erasure by crypto-shredding (admin): the participant's key and ciphertext are deleted, and the erasure itself is
/// recorded as an event holding only the participant id, who asked and when. The log never held personal data, so the
/// chain still verifies and every report gives the same figures; lineage shows the participant as erased.
/// </summary>
public static class ErasureApi
{
    public const string ErasedType = "personal-data-erased";

    public sealed record Erased(Guid ParticipantId, long Position);

    public static RouteGroupBuilder MapErasureApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/participants").WithTags("Participants");
        group.MapPost("/{participantId:guid}/erase", Erase).Admits(Roles.Admin)
            .WithSummary("Erase a participant's personal data by destroying its key (recorded as an event without personal data)");
        return group;
    }

    public static async Task<Ok<Erased>> Erase(Guid participantId, HttpContext http, LedgerDatabase database, PersonalDataVault vault, TimeProvider clock, CancellationToken cancellationToken)
    {
        var stream = StreamIds.Participant(participantId);
        if (await database.Store.StreamVersionAsync(stream, cancellationToken: cancellationToken) == 0)
            throw DomainException.NotFound("participant_not_found", $"Participant {participantId} is not registered.");
        await vault.EraseAsync(participantId, cancellationToken);
        var data = JsonSerializer.SerializeToUtf8Bytes(new { participantId, erasedAt = clock.GetUtcNow(), erasedBy = http.User.Actor() }, DomainJson.Options);
        // One erasure event per participant (its id derives from the participant): repeating the request is a no-op.
        var eventId = DeterministicId.From($"personal-data-erased:{participantId}");
        var appended = await database.Store.AppendAsync(stream, ExpectedVersion.Any,
            [new EventData(eventId, ErasedType, data, new EventMetadata(http.User.Actor(), clock.GetUtcNow()))], cancellationToken);
        return TypedResults.Ok(new Erased(participantId, appended.LastPosition));
    }
}
