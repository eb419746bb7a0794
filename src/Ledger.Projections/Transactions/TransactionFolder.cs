using Ledger.Domain.Conversations;
using Ledger.Domain.Initiatives;
using Ledger.Domain.Interactions;
using Ledger.Domain.Participants;
using Ledger.EventStore;
using Ledger.Projections.Analytics;
using Ledger.Projections.Reports;
using Ledger.Projections.Serialization;

namespace Ledger.Projections.Transactions;

/// <summary>
/// The transactions projection's fold, with no I/O: dimensions (participants, conversations, initiatives), each
/// interaction's effective state, and the facts and costs the events produce. The daemon runs it per batch (dimensions
/// loaded from and written to PostgreSQL); a pilot runs it over a whole replay in memory. One fold, two stores.
/// </summary>
public sealed class TransactionFolder
{
    public Dictionary<Guid, ParticipantRegistered> Participants { get; } = [];
    public Dictionary<Guid, long> RegisteredAt { get; } = [];
    public Dictionary<Guid, (string Channel, Guid? InitiativeId, DateTimeOffset OpenedAt)> Conversations { get; } = [];
    public Dictionary<Guid, InitiativeRow> Initiatives { get; } = [];
    public Dictionary<Guid, (EffectiveInteraction? Interaction, TransactionFact? Fact)> Interactions { get; } = [];
    public HashSet<Guid> ChangedParticipants { get; } = [];
    public HashSet<Guid> ChangedConversations { get; } = [];
    public HashSet<Guid> ChangedInitiatives { get; } = [];
    public List<(long Position, int Seq, Guid EventId, short Sign, TransactionFact Fact)> Facts { get; } = [];
    public List<(long Position, int Seq, Guid EventId, InitiativeCostIncurred Cost)> Costs { get; } = [];

    /// <summary>Forgets the last batch's output (facts, costs, which dimensions changed) and keeps the state: a folder reused for the next batch.</summary>
    public void StartBatch()
    {
        ChangedParticipants.Clear();
        ChangedConversations.Clear();
        ChangedInitiatives.Clear();
        Facts.Clear();
        Costs.Clear();
    }

    public sealed record InitiativeRow(InitiativeLaunched Launch, DateTimeOffset? EndedAt, long LaunchedPosition);

    /// <summary>
    /// The event types <see cref="Apply(long, Guid, object?)"/> folds (keep in step with its switch); it ignores every other type, so a
    /// replay may leave those unread.
    /// </summary>
    public static IReadOnlySet<Type> FoldedTypes { get; } = new HashSet<Type>
    {
        typeof(ParticipantRegistered), typeof(ParticipantMovedDepartment), typeof(ConversationOpened), typeof(InitiativeLaunched),
        typeof(InitiativeEnded), typeof(InitiativeCostIncurred), typeof(InteractionRecorded), typeof(InteractionReclassified), typeof(InteractionVoided),
    };

    /// <summary>Folds one event (in position order); events this projection does not use are ignored.</summary>
    public void Apply(StoredEvent stored, object? domainEvent) => Apply(stored.Position, stored.EventId, domainEvent);

    /// <summary>Folds the event at <paramref name="position"/> with id <paramref name="eventId"/>: all the fold reads of a stored event.</summary>
    public void Apply(long position, Guid eventId, object? domainEvent)
    {
        var seq = 0;
        switch (domainEvent)
        {
            case ParticipantRegistered e:
                Participants[e.ParticipantId] = e;
                RegisteredAt[e.ParticipantId] = position;
                ChangedParticipants.Add(e.ParticipantId);
                break;
            case ParticipantMovedDepartment e when Participants.TryGetValue(e.ParticipantId, out var p):
                Participants[e.ParticipantId] = p with { Department = e.Department, Office = e.Office ?? p.Office, Country = e.Country ?? p.Country };
                ChangedParticipants.Add(e.ParticipantId);
                break;
            case ConversationOpened e:
                Conversations[e.ConversationId] = (WireName.Of(e.Channel), e.InitiativeId, e.OpenedAt);
                ChangedConversations.Add(e.ConversationId);
                break;
            case InitiativeLaunched e:
                Initiatives[e.InitiativeId] = new InitiativeRow(e, null, position);
                ChangedInitiatives.Add(e.InitiativeId);
                break;
            case InitiativeEnded e when Initiatives.TryGetValue(e.InitiativeId, out var i):
                Initiatives[e.InitiativeId] = i with { EndedAt = e.EndedAt };
                ChangedInitiatives.Add(e.InitiativeId);
                break;
            case InitiativeCostIncurred e:
                Costs.Add((position, 0, eventId, e));
                break;
            case InteractionEvent e:
                var (before, oldFact) = Interactions.GetValueOrDefault(e.InteractionId);
                var after = EffectiveInteractions.Apply(before, e);
                if (ReferenceEquals(before, after)) break;
                if (oldFact is not null) Facts.Add((position, seq++, eventId, -1, oldFact));
                var newFact = after is null ? null : FactOf(after);
                if (newFact is not null) Facts.Add((position, seq++, eventId, 1, newFact));
                Interactions[e.InteractionId] = (after, newFact);
                break;
        }
    }

    private TransactionFact FactOf(EffectiveInteraction interaction)
    {
        var (channel, initiative, _) = Conversations.GetValueOrDefault(interaction.ConversationId, ("other", null, default));
        // The department is the first known staff member's (sender, then receivers), the counterpart the first known
        // external. A plain loop: this runs for every interaction of a replay, where LINQ's iterators added up.
        ParticipantRegistered? staff = null, external = null;
        for (var k = -1; k < interaction.ReceiverIds.Count; k++)
        {
            var party = Participants.GetValueOrDefault(Parties.At(interaction, k));
            if (party?.Type == ParticipantType.Internal) staff ??= party;
            else if (party?.Type == ParticipantType.External) external ??= party;
        }
        return TransactionFact.From(interaction, initiative, channel, staff?.Department, external?.ParticipantId);
    }

    /// <summary>The report data of an in-memory replay: facts in force (reversals folded away), costs, initiatives, participants.</summary>
    public ReportData ToReportData(long asOfPosition)
    {
        var inForce = new Dictionary<Guid, FactInForce>();
        foreach (var (position, _, eventId, sign, fact) in Facts)
        {
            if (sign < 0) inForce.Remove(fact.InteractionId);
            else inForce[fact.InteractionId] = new FactInForce(position, eventId, fact);
        }
        return new ReportData(
            asOfPosition,
            [.. inForce.Values.OrderBy(f => f.Position)],
            [.. Costs.Select(c => new CostInForce(c.Position, c.EventId, c.Cost.InitiativeId, c.Cost.Cost.Amount, c.Cost.Cost.Currency.ToUpperInvariant(),
                WireName.Of(c.Cost.Category), c.Cost.IncurredAt))],
            [.. Initiatives.Values.OrderBy(i => i.Launch.Name, StringComparer.Ordinal)
                .Select(i => new InitiativeInfo(i.Launch.InitiativeId, i.Launch.Name, i.Launch.OwnerId, i.Launch.StartsAt, i.EndedAt))],
            [.. Participants.Values.Select(p => new ParticipantInfo(p.ParticipantId, WireName.Of(p.Type), p.Department, p.Country,
                p.ExternalRole is { } r ? WireName.Of(r) : null, p.OrganisationId))]);
    }
}
