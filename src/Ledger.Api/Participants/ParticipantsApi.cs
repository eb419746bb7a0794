using Ledger.Api.Commands;
using Ledger.Api.Hosting;
using Ledger.Api.Idempotency;
using Ledger.Api.PersonalData;
using Ledger.Api.Security;
using Ledger.Domain.Common;
using Ledger.Domain.Participants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ledger.Api.Participants;

/// <summary>Registers participants (ids only in the log; personal data in the erasable vault) and reads them back.</summary>
public static class ParticipantsApi
{
    public static readonly Decider<ParticipantCommand, ParticipantState, ParticipantEvent> Decider =
        new(ParticipantDecider.Initial, ParticipantDecider.Evolve, (c, s, _) => ParticipantDecider.Decide(c, s));

    public sealed record RegisterParticipantRequest(
        ParticipantType Type,
        Guid? ParticipantId = null,
        string? Department = null,
        string? Office = null,
        string? Country = null,
        ExternalRole? ExternalRole = null,
        string? OrganisationId = null,
        PersonalDetails? Personal = null);

    public sealed record MoveRequest(string Department, string? Office = null, string? Country = null);

    public sealed record ParticipantView(Guid ParticipantId, object State, long Version, PersonalDetails? Personal);

    public static RouteGroupBuilder MapParticipantsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/participants").WithTags("Participants");
        group.MapPost("/", Register).Admits(Roles.Recorder)
            .WithSummary("Register a participant (internal staff or external counterpart)");
        group.MapPost("/{participantId:guid}/department", Move).Admits(Roles.Recorder)
            .WithSummary("Move an internal participant to another department");
        group.MapGet("/{participantId:guid}", Get).Admits(Roles.Recorder, Roles.Admin)
            .WithSummary("Read a participant, with its personal data");
        return group;
    }

    public static async Task<Created<ParticipantView>> Register(
        RegisterParticipantRequest request, HttpContext http, CommandExecutor executor, PersonalDataVault vault, TimeProvider clock, CancellationToken cancellationToken)
    {
        var personal = request.Personal is { } details ? Bounded(details) : null;
        var id = request.ParticipantId ?? RequestIds.For(http, "participant");
        var command = new RegisterParticipant(id, request.Type, request.Department, request.Office, request.Country,
            request.ExternalRole, request.OrganisationId, clock.GetUtcNow());
        var outcome = await executor.ExecuteAsync(http, StreamIds.Participant(id), command, Decider, [], cancellationToken);
        if (personal is not null) await vault.StoreAsync(id, personal, cancellationToken);
        http.Response.Headers.ETag = outcome.ETag;
        return TypedResults.Created($"/api/participants/{id}", new ParticipantView(id, outcome.State, outcome.Version, request.Personal));
    }

    public static async Task<Ok<ParticipantView>> Move(
        Guid participantId, MoveRequest request, HttpContext http, CommandExecutor executor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var command = new MoveParticipantToDepartment(participantId, request.Department, request.Office, request.Country, clock.GetUtcNow());
        var outcome = await executor.ExecuteAsync(http, StreamIds.Participant(participantId), command, Decider, [], cancellationToken);
        http.Response.Headers.ETag = outcome.ETag;
        return TypedResults.Ok(new ParticipantView(participantId, outcome.State, outcome.Version, null));
    }

    public static async Task<Results<Ok<ParticipantView>, NotFound>> Get(
        Guid participantId, HttpContext http, CommandExecutor executor, PersonalDataVault vault, CancellationToken cancellationToken)
    {
        var (state, version) = await executor.LoadAsync(StreamIds.Participant(participantId), Decider, cancellationToken);
        if (version == 0) throw DomainException.NotFound("participant_not_found", $"Participant {participantId} is not registered.");
        http.Response.Headers.ETag = $"\"{version}\"";
        return TypedResults.Ok(new ParticipantView(participantId, state, version, await vault.ReadAsync(participantId, cancellationToken)));
    }

    private static PersonalDetails Bounded(PersonalDetails details)
    {
        Check(details.Name, "personal.name");
        Check(details.Email, "personal.email");
        Check(details.Handle, "personal.handle");
        return details;

        static void Check(string? value, string field)
        {
            if (value is { Length: > 320 })
                throw new ClientInputException(field, $"{field} is longer than 320 characters.", "too_long");
        }
    }
}
