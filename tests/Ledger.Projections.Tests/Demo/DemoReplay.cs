using System.Text;
using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Decisions;
using Ledger.Domain.Initiatives;
using Ledger.Domain.Interactions;
using Ledger.Domain.Participants;
using Ledger.EventStore;
using Ledger.Projections.Demo;
using Ledger.Projections.Serialization;

namespace Ledger.Projections.Tests.Demo;

/// <summary>
/// Checks a demo history event by event against the real domain, independently of the generator's bookkeeping:
/// each event is turned back into the command that asks for it and re-decided on its stream's folded state, with
/// "does it exist?" answered from everything earlier in the whole history (as the API's reference resolver does from
/// the log), and must come out identical; it must also survive the store's JSON round trip.
/// </summary>
internal sealed class DemoReplay
{
    private readonly Dictionary<string, object> _states = [];
    private readonly HashSet<EntityRef> _exists = [];

    public long DomainEvents { get; private set; }

    public long Snapshots { get; private set; }

    public void Apply(string streamId, object happened)
    {
        if (happened is DemoReportSnapshot snapshot)
        {
            streamId.ShouldBe(DemoReportSnapshot.StreamOf(snapshot.SnapshotId));
            _exists.Add(new EntityRef(EntityKind.ReportSnapshot, snapshot.SnapshotId)).ShouldBeTrue("a snapshot is taken once");
            Snapshots++;
            return;
        }

        object decided = happened switch
        {
            ParticipantEvent e => Participant(streamId, e),
            ConversationEvent e => Conversation(streamId, e),
            InitiativeEvent e => Initiative(streamId, e),
            DecisionEvent e => Decision(streamId, e),
            _ => throw new InvalidOperationException($"Unexpected item {happened.GetType().Name} in the demo history."),
        };
        Json(decided).ShouldBe(Json(happened));
        var stored = new StoredEvent(DomainEvents + 1, streamId, 1, Guid.Empty, Ledger.Domain.EventTypes.Of(happened.GetType()).Name, 1, Json(happened), "test",
            null, null, default, default, []);
        Json(EventSerializer.FromStored(stored)!).ShouldBe(Json(happened));
        Track(happened);
        DomainEvents++;
    }

    private static string Json(object domainEvent) =>
        Encoding.UTF8.GetString(EventSerializer.ToEventData(domainEvent, Guid.Empty, new EventMetadata("test", default)).Data.Span);

    private bool Exists(EntityRef reference) => _exists.Contains(reference);

    private ParticipantEvent Participant(string streamId, ParticipantEvent e)
    {
        streamId.ShouldBe(StreamIds.Participant(e.ParticipantId));
        var state = State(streamId, ParticipantDecider.Initial);
        ParticipantCommand command = e switch
        {
            ParticipantRegistered r => new RegisterParticipant(r.ParticipantId, r.Type, r.Department, r.Office, r.Country, r.ExternalRole, r.OrganisationId, r.RegisteredAt),
            ParticipantMovedDepartment m => new MoveParticipantToDepartment(m.ParticipantId, m.Department, m.Office, m.Country, m.MovedAt),
            _ => throw new InvalidOperationException(e.GetType().Name),
        };
        var decided = ParticipantDecider.Decide(command, state).ShouldHaveSingleItem();
        _states[streamId] = ParticipantDecider.Evolve(state, e);
        return decided;
    }

    private ConversationEvent Conversation(string streamId, ConversationEvent e)
    {
        streamId.ShouldBe(StreamIds.Conversation(e.ConversationId));
        var state = State(streamId, ConversationDecider.Initial);
        ConversationCommand command = e switch
        {
            ConversationOpened o => new OpenConversation(o.ConversationId, o.Channel, o.ParticipantIds, o.InitiativeId, o.Tags, o.OpenedAt),
            ParticipantJoined j => new JoinConversation(j.ConversationId, j.ParticipantId, j.JoinedAt),
            ParticipantLeft l => new LeaveConversation(l.ConversationId, l.ParticipantId, l.LeftAt),
            ConversationClosed c => new CloseConversation(c.ConversationId, c.Outcome, c.ClosedAt),
            ConversationReopened r => new ReopenConversation(r.ConversationId, r.ReopenedAt),
            InteractionRecorded r => new RecordInteraction(r.ConversationId, new NewInteraction(r.InteractionId, r.SenderId, r.ReceiverIds, r.OccurredAt,
                r.ContentHash, r.Source, r.Payload, r.Classification)),
            InteractionReclassified r => new ReclassifyInteraction(r.ConversationId, r.InteractionId, r.Payload, r.Classification, r.Reason, r.ReclassifiedBy, r.ReclassifiedAt),
            InteractionVoided v => new VoidInteraction(v.ConversationId, v.InteractionId, v.Reason, v.VoidedBy, v.VoidedAt),
            _ => throw new InvalidOperationException(e.GetType().Name),
        };
        var decided = ConversationDecider.Decide(command, state, Exists).ShouldHaveSingleItem();
        _states[streamId] = ConversationDecider.Evolve(state, e);
        return decided;
    }

    private InitiativeEvent Initiative(string streamId, InitiativeEvent e)
    {
        streamId.ShouldBe(StreamIds.Initiative(e.InitiativeId));
        var state = State(streamId, InitiativeDecider.Initial);
        InitiativeCommand command = e switch
        {
            InitiativeLaunched l => new LaunchInitiative(l.InitiativeId, l.Name, l.OwnerId, l.Hypothesis, l.StartsAt, l.PlannedEndAt),
            InitiativeCostIncurred c => new IncurInitiativeCost(c.InitiativeId, c.CostId, c.Cost, c.Category, c.IncurredAt),
            InitiativeEnded n => new EndInitiative(n.InitiativeId, n.EndedAt),
            _ => throw new InvalidOperationException(e.GetType().Name),
        };
        var decided = InitiativeDecider.Decide(command, state, Exists).ShouldHaveSingleItem();
        _states[streamId] = InitiativeDecider.Evolve(state, e);
        return decided;
    }

    private DecisionEvent Decision(string streamId, DecisionEvent e)
    {
        streamId.ShouldBe(StreamIds.Decision(e.DecisionId));
        var state = State(streamId, DecisionDecider.Initial);
        DecisionCommand command = e switch
        {
            DecisionRecorded r => new RecordDecision(r.DecisionId, r.Title, r.Rationale, r.DecidedBy, r.DecidedAt, r.InformedBy, r.Supersedes),
            DecisionSuperseded s => new SupersedeDecision(s.DecisionId, s.SupersededBy, s.SupersededAt),
            _ => throw new InvalidOperationException(e.GetType().Name),
        };
        var decided = DecisionDecider.Decide(command, state, Exists).ShouldHaveSingleItem();
        _states[streamId] = DecisionDecider.Evolve(state, e);
        return decided;
    }

    private T State<T>(string streamId, T initial) where T : class => _states.TryGetValue(streamId, out var state) ? (T)state : initial;

    /// <summary>What exists after this event, as the reference resolver would see it in the log.</summary>
    private void Track(object happened)
    {
        switch (happened)
        {
            case ParticipantRegistered e:
                _exists.Add(new EntityRef(EntityKind.Participant, e.ParticipantId));
                break;
            case InitiativeLaunched e:
                _exists.Add(new EntityRef(EntityKind.Initiative, e.InitiativeId));
                break;
            case ConversationOpened e:
                _exists.Add(new EntityRef(EntityKind.Conversation, e.ConversationId));
                break;
            case InteractionRecorded e:
                _exists.Add(new EntityRef(EntityKind.Interaction, e.InteractionId));
                if (e.Payload is InformationalPayload) _exists.Add(new EntityRef(EntityKind.InformationalInteraction, e.InteractionId));
                break;
            case InteractionReclassified e when e.Payload is InformationalPayload:
                _exists.Add(new EntityRef(EntityKind.InformationalInteraction, e.InteractionId));
                break;
            case InteractionReclassified e:
                _exists.Remove(new EntityRef(EntityKind.InformationalInteraction, e.InteractionId));
                break;
            case InteractionVoided e:
                _exists.Remove(new EntityRef(EntityKind.Interaction, e.InteractionId));
                _exists.Remove(new EntityRef(EntityKind.InformationalInteraction, e.InteractionId));
                break;
            case DecisionRecorded e:
                _exists.Add(new EntityRef(EntityKind.Decision, e.DecisionId));
                break;
        }
    }
}
