using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Ledger.Domain.Participants;
using Ledger.EventStore;
using Ledger.Projections.Serialization;

namespace Ledger.Projections.Tests.Daemon;

/// <summary>Writes small, valid domain histories straight into a store (through the real deciders' event types).</summary>
internal sealed class History(EventStore.EventStore store)
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    public Guid Staff { get; } = Guid.NewGuid();
    public Guid Customer { get; } = Guid.NewGuid();
    public List<Guid> Conversations { get; } = [];
    public List<Guid> Interactions { get; } = [];

    public async Task RegisterPeopleAsync()
    {
        await AppendAsync(StreamIds.Participant(Staff), new ParticipantRegistered(Staff, ParticipantType.Internal, "sales", "Berlin", "DE", null, null, Start));
        await AppendAsync(StreamIds.Participant(Customer), new ParticipantRegistered(Customer, ParticipantType.External, null, null, null, ExternalRole.Customer, "acme", Start));
    }

    public async Task<Guid> ConversationAsync(int interactions, Guid? initiative = null)
    {
        var id = Guid.NewGuid();
        Conversations.Add(id);
        await AppendAsync(StreamIds.Conversation(id), new ConversationOpened(id, Channel.Email, [Staff, Customer], initiative, ["t"], Start));
        for (var i = 0; i < interactions; i++) await InteractionAsync(id, new MonetaryPayload(100m + i, "EUR", MoneyDirection.Revenue));
        return id;
    }

    public async Task<Guid> InteractionAsync(Guid conversation, TransactionPayload payload)
    {
        var id = Guid.NewGuid();
        Interactions.Add(id);
        await AppendAsync(StreamIds.Conversation(conversation), new InteractionRecorded(conversation, id, Customer, [Staff], Start.AddHours(Interactions.Count),
            new string('a', 64), new SourceRef("test", id.ToString()), payload, new Classification(ClassificationSource.Manual)));
        return id;
    }

    public Task VoidAsync(Guid conversation, Guid interaction) =>
        AppendAsync(StreamIds.Conversation(conversation), new InteractionVoided(conversation, interaction, "duplicate", Staff, Start.AddDays(1)));

    public Task ReclassifyAsync(Guid conversation, Guid interaction, TransactionPayload payload) =>
        AppendAsync(StreamIds.Conversation(conversation), new InteractionReclassified(conversation, interaction, payload,
            new Classification(ClassificationSource.Manual), "misread", Staff, Start.AddDays(1)));

    public Task AppendAsync(string stream, object domainEvent) =>
        store.AppendAsync(stream, ExpectedVersion.Any, [EventSerializer.ToEventData(domainEvent, Guid.NewGuid(), new EventMetadata("test", Start))]);
}
