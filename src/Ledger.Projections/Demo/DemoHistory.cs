using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Decisions;
using Ledger.Domain.Initiatives;
using Ledger.Domain.Participants;

namespace Ledger.Projections.Demo;

/// <summary>
/// The streamed demo company (see <see cref="DemoCompany.Stream"/>): a discrete-event simulation over one year. Day one
/// registers the roster and launches the initiatives; then an agenda ordered by time (ties in scheduling order) runs
/// the calendar, opens conversations spread over the working days, and plays each open conversation's next step. Every
/// step is one command through the real decider and gives exactly one event, so events come out in time order.
/// <para>
/// Size: each conversation is given its number of events when it opens — about the remaining budget over the remaining
/// conversations, ± 2, a few long threads — and the last takes what is left, so the total is exact.
/// Memory: the agenda holds the calendar (about a hundred items) and the open conversations (about
/// <see cref="DemoPlan.ActiveWindow"/>); what may be cited later is capped in <see cref="DemoCitations"/>; only the
/// roster grows with the size (see <see cref="DemoRoster"/>).
/// </para>
/// </summary>
internal sealed class DemoHistory
{
    private const int CitationCapacity = 256;
    private const int MaxConversationEvents = 60;
    private static readonly object Opener = new();
    private static readonly CostCategory[] CostCategories = [CostCategory.People, CostCategory.Marketing, CostCategory.Software, CostCategory.Services, CostCategory.Travel];

    private readonly Random _random;
    private readonly DemoIds _ids;
    private readonly DateTimeOffset _start;
    private readonly DemoPlan _plan;
    private readonly DemoRoster _roster;
    private readonly Guid[] _initiatives;
    private readonly DemoCitations _citations = new(CitationCapacity);
    private readonly HashSet<EntityRef> _recorded = [];
    private readonly Dictionary<string, object> _states = [];
    private readonly PriorityQueue<object, (DateTimeOffset At, long Sequence)> _agenda = new();
    private readonly DateTimeOffset _firstDay;
    private readonly int[] _workingDays;
    private readonly ReferenceExists _exists;
    private long _sequence;
    private long _opened;
    private long _budget;

    public DemoHistory(int seed, long targetEvents, DateTimeOffset start)
    {
        _random = new Random(seed);
        _ids = new DemoIds(seed);
        _start = start;
        _plan = DemoPlan.For(targetEvents);
        _budget = _plan.ConversationEvents;
        _roster = new DemoRoster(_plan.Staff, _plan.Externals, _ids);
        _initiatives = [.. Enumerable.Range(0, DemoCalendar.Initiatives.Length).Select(i => _ids.Of("initiative", i))];
        _firstDay = new DateTimeOffset(start.Date, start.Offset);
        _workingDays = [.. Enumerable.Range(0, 365).Where(d => _firstDay.AddDays(d).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))];
        _exists = Exists;
    }

    public IEnumerable<(string StreamId, object Event, DateTimeOffset At)> Events()
    {
        for (var i = 0; i < _roster.StaffCount; i++) yield return Register(_roster.StaffRegistration(i, _start));
        for (var i = 0; i < _roster.ExternalCount; i++) yield return Register(_roster.ExternalRegistration(i, _start));
        for (var i = 0; i < _initiatives.Length; i++)
        {
            if (DemoCalendar.Initiatives[i].LaunchMonth == 0) yield return Launch(i, _start);
        }
        foreach (var item in DemoCalendar.Build(_start, _plan.Staff, _plan.Moves)) Schedule(item.At, item);
        if (_budget > 0) Schedule(OpeningTime(0), Opener);

        while (_agenda.TryDequeue(out var next, out var when))
        {
            yield return next switch
            {
                DemoConversation conversation => Step(conversation, when.At),
                CalendarItem item => Run(item),
                _ => Open(when.At),
            };
        }
    }

    private void Schedule(DateTimeOffset at, object what) => _agenda.Enqueue(what, (at, _sequence++));

    /// <summary>Conversations open in office hours on working days, spread evenly over the year in their order.</summary>
    private DateTimeOffset OpeningTime(long number)
    {
        var share = (number + _random.NextDouble()) / _plan.Conversations * _workingDays.Length;
        var day = Math.Min((int)share, _workingDays.Length - 1);
        var at = _firstDay.AddDays(_workingDays[day]).AddSeconds(Math.Floor((8 + (share - day) * 10) * 3600));
        return at < _start ? _start : at;
    }

    private (string, object, DateTimeOffset) Open(DateTimeOffset at)
    {
        var number = _opened++;
        var remaining = _plan.Conversations - number;
        var events = remaining <= 1 ? (int)_budget : Size(remaining);
        _budget -= events;

        var counterpart = _roster.PickExternal(_random);
        var role = DemoRoster.RoleOf(counterpart);
        var owner = _roster.PickStaff(_random, DemoPayloads.DesksFor(role));
        var channel = DemoPayloads.ChannelFor(role, _random);
        var topic = DemoPayloads.TopicFor(role, _random);
        var steps = DemoConversation.Plan(events, _random);
        Guid? colleague = steps.Contains(DemoStep.Join) ? _roster.Staff(_roster.PickStaff(_random, DemoPayloads.SpecialistDesks, except: owner)) : null;
        var conversation = new DemoConversation(number, _ids.Of("conversation", number), role, channel, _roster.Staff(owner),
            _roster.External(counterpart), colleague, topic, DemoRoster.CurrencyOf(counterpart), steps);

        var opened = One(ConversationDecider.Decide(conversation.Opening(InitiativeFor(role, channel), at), conversation.State, _exists));
        conversation.State = ConversationDecider.Evolve(conversation.State, opened);
        Continue(conversation, at);
        if (_budget > 0 && _opened < _plan.Conversations) Schedule(OpeningTime(_opened), Opener);
        return (conversation.StreamId, opened, at);
    }

    /// <summary>About the remaining budget over the remaining conversations, leaving at least one event for each of them.</summary>
    private int Size(long remaining)
    {
        var mean = (double)_budget / remaining;
        var u = _random.NextDouble();
        var size = _random.Next(25) == 0 ? mean * (2 + 2 * u) : mean + (u - 0.5) * 5;
        var most = Math.Clamp(_budget - (remaining - 1), 1, MaxConversationEvents);
        return (int)Math.Clamp(Math.Round(size), 1, most);
    }

    private (string, object, DateTimeOffset) Step(DemoConversation conversation, DateTimeOffset at)
    {
        var command = conversation.NextCommand(at, _random, _citations, _ids);
        var happened = One(ConversationDecider.Decide(command, conversation.State, _exists));
        conversation.State = ConversationDecider.Evolve(conversation.State, happened);
        Continue(conversation, at);
        return (conversation.StreamId, happened, at);
    }

    private void Continue(DemoConversation conversation, DateTimeOffset at)
    {
        if (conversation.IsFinished) conversation.Finish(_citations);
        else Schedule(at + conversation.GapBeforeNext(_random, _plan.TimeScale), conversation);
    }

    private Guid? InitiativeFor(ExternalRole role, Channel channel)
    {
        if (channel == Channel.Forum) return _initiatives[0];
        if (channel == Channel.SocialNetwork) return _initiatives[1];
        return role switch
        {
            ExternalRole.Partner when _random.Next(10) < 7 => _initiatives[2],
            ExternalRole.Supplier when _random.Next(10) < 6 && _states.GetValueOrDefault(StreamIds.Initiative(_initiatives[3])) is InitiativeState.Active => _initiatives[3],
            _ => null,
        };
    }

    private (string, object, DateTimeOffset) Run(CalendarItem item) => item switch
    {
        LaunchItem launch => Launch(launch.Initiative, launch.At),
        CostItem cost => Initiative(cost.Initiative, new IncurInitiativeCost(_initiatives[cost.Initiative], _ids.Of("cost", cost.Month, cost.Initiative),
            new Money(1_500m + cost.Initiative * 700m + _random.Next(0, 500), "EUR"), CostCategories[(cost.Month + cost.Initiative) % CostCategories.Length], cost.At)),
        EndItem end => Initiative(end.Initiative, new EndInitiative(_initiatives[end.Initiative], end.At)),
        MoveItem move => Move(move),
        SnapshotItem snapshot => Snapshot(snapshot),
        DecisionItem decision => Decide(decision),
        SupersedeItem supersede => Decision(_ids.Of("decision", supersede.Old), new SupersedeDecision(_ids.Of("decision", supersede.Old),
            _ids.Of("decision", supersede.New), supersede.At), supersede.At),
        _ => throw new InvalidOperationException($"Unknown calendar item {item.GetType().Name}."),
    };

    private (string, object, DateTimeOffset) Register(RegisterParticipant registration)
    {
        var registered = One(ParticipantDecider.Decide(registration, ParticipantDecider.Initial));
        _roster.Registered(registration.ParticipantId);
        return (StreamIds.Participant(registration.ParticipantId), registered, registration.RegisteredAt);
    }

    /// <summary>A colleague's only earlier event is their registration, which the roster rebuilds: no participant state is kept.</summary>
    private (string, object, DateTimeOffset) Move(MoveItem move)
    {
        var registration = _roster.StaffRegistration(move.Staff, _start);
        var state = ParticipantDecider.Evolve(ParticipantDecider.Initial, One(ParticipantDecider.Decide(registration, ParticipantDecider.Initial)));
        var (department, office, country, _) = DemoRoster.Desks[move.Desk];
        var moved = One(ParticipantDecider.Decide(new MoveParticipantToDepartment(registration.ParticipantId, department, office, country, move.At), state));
        _roster.Moved(move.Staff, move.Desk);
        return (StreamIds.Participant(registration.ParticipantId), moved, move.At);
    }

    private (string, object, DateTimeOffset) Launch(int initiative, DateTimeOffset at)
    {
        var (name, ownerDesk, hypothesis, _, endMonth) = DemoCalendar.Initiatives[initiative];
        var plannedEnd = endMonth is { } end ? _start.AddMonths(end) : at.AddYears(1);
        return Initiative(initiative, new LaunchInitiative(_initiatives[initiative], name, _roster.Staff(ownerDesk), hypothesis, at, plannedEnd));
    }

    private (string, object, DateTimeOffset) Initiative(int initiative, InitiativeCommand command)
    {
        var id = _initiatives[initiative];
        var stream = StreamIds.Initiative(id);
        var state = _states.TryGetValue(stream, out var known) ? (InitiativeState)known : InitiativeDecider.Initial;
        var happened = One(InitiativeDecider.Decide(command, state, _exists));
        _states[stream] = InitiativeDecider.Evolve(state, happened);
        _recorded.Add(new EntityRef(EntityKind.Initiative, id));
        return (stream, happened, At(happened));
    }

    private (string, object, DateTimeOffset) Snapshot(SnapshotItem item)
    {
        var id = _ids.Of("snapshot", item.Number);
        _recorded.Add(new EntityRef(EntityKind.ReportSnapshot, id));
        return (DemoReportSnapshot.StreamOf(id), new DemoReportSnapshot(id, item.Report, item.By, item.At), item.At);
    }

    /// <summary>A decision cites its snapshots and earlier decisions, a few recent interactions and a conversation.</summary>
    private (string, object, DateTimeOffset) Decide(DecisionItem item)
    {
        var id = _ids.Of("decision", item.Number);
        List<EntityRef> lineage =
        [
            .. item.Snapshots.Select(n => new EntityRef(EntityKind.ReportSnapshot, _ids.Of("snapshot", n))),
            .. item.Decisions.Select(n => new EntityRef(EntityKind.Decision, _ids.Of("decision", n))),
            .. _citations.Sample(EntityKind.Interaction, item.Interactions, _random),
            .. _citations.Sample(EntityKind.Conversation, 1, _random),
        ];
        Guid? supersedes = item.Supersedes is { } old ? _ids.Of("decision", old) : null;
        return Decision(id, new RecordDecision(id, item.Title, item.Rationale, _roster.Staff(item.DecidedBy), item.At, lineage, supersedes), item.At);
    }

    private (string, object, DateTimeOffset) Decision(Guid id, DecisionCommand command, DateTimeOffset at)
    {
        var stream = StreamIds.Decision(id);
        var state = _states.TryGetValue(stream, out var known) ? (DecisionState)known : DecisionDecider.Initial;
        var happened = One(DecisionDecider.Decide(command, state, _exists));
        _states[stream] = DecisionDecider.Evolve(state, happened);
        _recorded.Add(new EntityRef(EntityKind.Decision, id));
        return (stream, happened, at);
    }

    private bool Exists(EntityRef reference) => reference.Kind switch
    {
        EntityKind.Participant => _roster.IsRegistered(reference.Id),
        EntityKind.Interaction or EntityKind.InformationalInteraction or EntityKind.Conversation => _citations.Contains(reference),
        _ => _recorded.Contains(reference),
    };

    private static DateTimeOffset At(InitiativeEvent happened) => happened switch
    {
        InitiativeLaunched e => e.StartsAt,
        InitiativeCostIncurred e => e.IncurredAt,
        InitiativeEnded e => e.EndedAt,
        _ => throw new InvalidOperationException($"Unknown initiative event {happened.GetType().Name}."),
    };

    /// <summary>Every command of the demo is planned to change something: anything else would break the exact size.</summary>
    private static T One<T>(IReadOnlyList<T> events) =>
        events.Count == 1 ? events[0] : throw new InvalidOperationException($"A demo command gave {events.Count} events instead of one.");
}
