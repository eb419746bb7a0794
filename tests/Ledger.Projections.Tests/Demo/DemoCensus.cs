using Ledger.Domain;
using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Decisions;
using Ledger.Domain.Initiatives;
using Ledger.Domain.Interactions;
using Ledger.Domain.Participants;
using Ledger.Projections.Demo;

namespace Ledger.Projections.Tests.Demo;

/// <summary>What a demo history contains, counted while it streams by (for histories small enough to index by id).</summary>
internal sealed class DemoCensus
{
    private readonly Dictionary<Guid, ParticipantRegistered> _participants = [];
    private readonly Dictionary<Guid, Guid> _conversationOf = [];

    public long Events { get; private set; }

    public bool InTimeOrder { get; private set; } = true;

    public DateTimeOffset First { get; private set; }

    public DateTimeOffset Last { get; private set; }

    public HashSet<TransactionKind> Kinds { get; } = [];

    public HashSet<ExternalRole> CounterpartRoles { get; } = [];

    public HashSet<Channel> Channels { get; } = [];

    public HashSet<string> Departments { get; } = [];

    public HashSet<string> OfficeCountries { get; } = [];

    public HashSet<string> Reports { get; } = [];

    public Dictionary<Guid, int> CostsByInitiative { get; } = [];

    public long Voids { get; private set; }

    public long Reclassifications { get; private set; }

    public long Joins { get; private set; }

    public long Moves { get; private set; }

    public long BuildsOnElsewhere { get; private set; }

    public long DecisionsCitingInteractionsAndReports { get; private set; }

    public HashSet<EntityKind> Cited { get; } = [];

    public long Superseded { get; private set; }

    public void Add(string streamId, object happened, DateTimeOffset at)
    {
        if (Events++ == 0) First = at;
        else if (at < Last) InTimeOrder = false;
        Last = at;
        switch (happened)
        {
            case ParticipantRegistered e:
                _participants[e.ParticipantId] = e;
                if (e.Department is { } department) Departments.Add(department);
                if (e.Type == ParticipantType.Internal && e.Country is { } country) OfficeCountries.Add(country);
                break;
            case ParticipantMovedDepartment:
                Moves++;
                break;
            case ConversationOpened e:
                Channels.Add(e.Channel);
                foreach (var id in e.ParticipantIds)
                {
                    if (_participants[id].ExternalRole is { } role) CounterpartRoles.Add(role);
                }
                break;
            case ParticipantJoined:
                Joins++;
                break;
            case InteractionRecorded e:
                at.ShouldBe(e.OccurredAt);
                Kinds.Add(e.Payload.Kind);
                _conversationOf[e.InteractionId] = e.ConversationId;
                if (e.Payload is InformationalPayload { BuildsOn: { } on } && _conversationOf[on] != e.ConversationId) BuildsOnElsewhere++;
                break;
            case InteractionVoided:
                Voids++;
                break;
            case InteractionReclassified:
                Reclassifications++;
                break;
            case InitiativeCostIncurred e:
                CostsByInitiative[e.InitiativeId] = CostsByInitiative.GetValueOrDefault(e.InitiativeId) + 1;
                break;
            case DecisionRecorded e:
                Cited.UnionWith(e.InformedBy.Select(r => r.Kind));
                if (e.InformedBy.Any(r => r.Kind == EntityKind.Interaction) && e.InformedBy.Any(r => r.Kind == EntityKind.ReportSnapshot))
                    DecisionsCitingInteractionsAndReports++;
                break;
            case DecisionSuperseded:
                Superseded++;
                break;
            case DemoReportSnapshot e:
                Reports.Add(e.Report);
                break;
        }
    }

    public static DemoCensus Of(IEnumerable<(string StreamId, object Event, DateTimeOffset At)> history)
    {
        var census = new DemoCensus();
        foreach (var (streamId, happened, at) in history) census.Add(streamId, happened, at);
        return census;
    }
}
