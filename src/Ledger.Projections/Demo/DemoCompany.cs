using System.Security.Cryptography;
using System.Text;
using Ledger.Domain.Common;
using Ledger.EventStore;
using Ledger.Domain.Conversations;
using Ledger.Domain.Decisions;
using Ledger.Domain.Initiatives;
using Ledger.Domain.Interactions;
using Ledger.Domain.Participants;

namespace Ledger.Projections.Demo;

/// <summary>
/// A deterministic (seeded) demo company: departments and offices in four countries, customers, partners, suppliers
/// and community members, three initiatives with monthly costs, a year of conversations on every channel with all
/// four transaction kinds, some corrections, and decisions citing interactions. Every event goes through the real
/// deciders, so the demo obeys the same rules as the API. Same seed and size → the same events and ids.
/// <see cref="Generate"/> builds a small history in memory; <see cref="Stream"/> yields one of any size (up to tens of
/// millions of events) lazily, in time order, in bounded memory, and adds report snapshots that decisions cite.
/// </summary>
public sealed class DemoCompany
{
    private static readonly (string Department, string Office, string Country)[] Offices =
    [
        ("sales", "Berlin", "DE"), ("sales", "New York", "US"), ("support", "Paris", "FR"), ("support", "Berlin", "DE"),
        ("marketing", "London", "GB"), ("engineering", "Berlin", "DE"), ("logistics", "Paris", "FR"), ("finance", "London", "GB"),
    ];

    private static readonly string[] Organisations = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "tyrell", "cyberdyne", "soylent"];
    private static readonly string[] Topics = ["pricing", "onboarding", "integration", "invoice", "roadmap", "outage", "training", "renewal"];
    private static readonly string[] Currencies = ["EUR", "EUR", "EUR", "USD", "GBP"];
    private static readonly string[] Items = ["laptop", "router", "licence pack", "on-site service"];

    private readonly Random _random;
    private readonly DateTimeOffset _start;
    private readonly List<(string StreamId, object Event, DateTimeOffset At)> _events = [];
    private readonly HashSet<EntityRef> _known = [];
    private readonly string _seedText;

    private DemoCompany(int seed, DateTimeOffset start)
    {
        _random = new Random(seed);
        _seedText = seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _start = start;
    }

    /// <summary>Generates the demo history: <paramref name="conversations"/> conversations over the year after <paramref name="start"/>.</summary>
    public static IReadOnlyList<(string StreamId, object Event, DateTimeOffset At)> Generate(int seed, int conversations, DateTimeOffset start)
    {
        var company = new DemoCompany(seed, start);
        company.Build(conversations);
        return company._events;
    }

    /// <summary>
    /// Streams a demo history of <paramref name="targetEvents"/> events, lazily and with memory bounded independently of
    /// its size (a few MB at 10M events), for benchmarks and large demos. Same seed and size → the same events and ids;
    /// it is a different company from <see cref="Generate"/>'s (other ids, more offices and countries).
    /// <list type="bullet">
    /// <item><b>Size:</b> exactly <c>max(targetEvents, fixed part)</c> events. The fixed part is the roster, the initiatives
    /// and the year's calendar (costs, department moves, report snapshots, decisions): 168 events for a small history,
    /// then about 1 per 19 conversations more as the roster grows with the size.</item>
    /// <item><b>Order:</b> <c>At</c> never decreases: day one registers the roster and launches three initiatives, then
    /// conversations open in office hours over the working days of the year after <paramref name="start"/> and their
    /// steps interleave with the calendar. In large histories conversations are compressed in time (days become hours,
    /// then minutes) so that about 500 are open at once — which is what bounds memory.</item>
    /// <item><b>Validity:</b> every domain event comes from its decider's <c>Decide</c>, folded with <c>Evolve</c>; the
    /// items of type <see cref="DemoReportSnapshot"/> (in <c>snapshot-{id}</c> streams, cited by decisions) are not domain
    /// events: a loader must take those snapshots through the snapshots API at that point (see that type).</item>
    /// </list>
    /// </summary>
    public static IEnumerable<(string StreamId, object Event, DateTimeOffset At)> Stream(int seed, long targetEvents, DateTimeOffset start)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetEvents);
        return Streamed(seed, targetEvents, start);
    }

    /// <summary>A fresh generator per enumeration, so that enumerating twice gives the same history twice.</summary>
    private static IEnumerable<(string StreamId, object Event, DateTimeOffset At)> Streamed(int seed, long targetEvents, DateTimeOffset start)
    {
        foreach (var item in new DemoHistory(seed, targetEvents, start).Events()) yield return item;
    }

    private void Build(int conversationCount)
    {
        // The company grows with the history: about one counterpart per 20 conversations and one colleague per 400,
        // so that a large demo has realistic per-counterpart histories rather than a few giant ones.
        var staff = Enumerable.Range(0, Math.Max(24, conversationCount / 400)).Select(i => RegisterInternal(i)).ToList();
        var externals = Enumerable.Range(0, Math.Max(60, conversationCount / 20)).Select(i => RegisterExternal(i)).ToList();
        var initiatives = new[]
        {
            Launch("Community forum", staff[4], "A moderated forum answers support questions and turns members into advocates."),
            Launch("Social engagement programme", staff[5], "Engaging customers on social networks raises renewals and referrals."),
            Launch("Partner enablement", staff[0], "Training partners brings in deals we would not reach alone."),
        };
        for (var month = 0; month < 12; month++)
        {
            foreach (var (initiative, i) in initiatives.Select((x, i) => (x, i)))
                Cost(initiative, _start.AddDays(month * 30 + 1), 1_500m + i * 700m + _random.Next(0, 500), month % 3 == 0 ? CostCategory.Marketing : CostCategory.People);
        }

        var recorded = new List<(Guid Conversation, Guid Interaction, Guid Sender)>();
        for (var c = 0; c < conversationCount; c++)
        {
            var at = _start.AddMinutes(_random.Next(0, 365 * 24 * 60));
            var owner = staff[_random.Next(staff.Count)];
            var counterpart = externals[_random.Next(externals.Count)];
            var initiative = _random.Next(3) == 0 ? (Guid?)null : initiatives[_random.Next(initiatives.Length)];
            var conversation = Id("conversation", c);
            var channel = (Channel)_random.Next(0, 7);
            Conversation(conversation, new OpenConversation(conversation, channel, [owner, counterpart], initiative, [Topics[_random.Next(Topics.Length)]], at), at);
            var interactions = _random.Next(2, 8);
            for (var i = 0; i < interactions; i++)
            {
                at = at.AddHours(_random.Next(1, 72));
                var (sender, receiver) = _random.Next(2) == 0 ? (owner, counterpart) : (counterpart, owner);
                var interaction = Id("interaction", c * 100 + i);
                var payload = Payload(conversation, recorded);
                Conversation(conversation, new RecordInteractions(conversation,
                [
                    new NewInteraction(interaction, sender, [receiver], at, Hash($"{conversation}:{i}"), new SourceRef("demo", $"{c}-{i}"),
                        payload, new Classification(ClassificationSource.Rule, $"demo-{payload.Kind.ToString().ToLowerInvariant()}", 0.9m)),
                ]), at);
                recorded.Add((conversation, interaction, sender));
            }
            if (_random.Next(12) == 0)
            {
                var (_, wrong, _) = recorded[^1];
                Conversation(conversation, new VoidInteraction(conversation, wrong, "recorded twice by the import", owner, at.AddHours(1)), at.AddHours(1));
            }
            else if (_random.Next(10) == 0)
            {
                var (_, misread, _) = recorded[^1];
                Conversation(conversation, new ReclassifyInteraction(conversation, misread, new EmotionalPayload(EmotionalSignal.Gratitude, 0.8m, 3),
                    new Classification(ClassificationSource.Manual, null, 1m), "thank-you note, not a document", owner, at.AddHours(2)), at.AddHours(2));
            }
            if (_random.Next(4) != 0)
                Conversation(conversation, new CloseConversation(conversation, (ConversationOutcome)_random.Next(0, 6), at.AddHours(3)), at.AddHours(3));
        }

        for (var d = 0; d < 6; d++)
        {
            var decision = Id("decision", d);
            var at = _start.AddDays(60 * (d + 1));
            var cited = recorded.Where((_, i) => i % 97 == d).Select(r => new EntityRef(EntityKind.Interaction, r.Interaction)).Where(_known.Contains).Take(3).ToList();
            Guid? supersedes = d == 5 ? Id("decision", 2) : null;
            Decide(decision, new RecordDecision(decision, $"Budget review {d + 1}", "Forum answers keep support volume down; keep funding the programme.",
                staff[7], at, [.. cited, new EntityRef(EntityKind.Conversation, recorded[d * 7].Conversation)], supersedes), at);
            if (supersedes is { } old) Decide(old, new SupersedeDecision(old, decision, at), at);
        }
    }

    private TransactionPayload Payload(Guid conversation, List<(Guid Conversation, Guid Interaction, Guid Sender)> recorded)
    {
        var roll = _random.Next(100);
        if (roll < 25)
            return new MonetaryPayload(Math.Round((decimal)(_random.NextDouble() * 9_000 + 100), 2), Currencies[_random.Next(Currencies.Length)],
                roll < 18 ? MoneyDirection.Revenue : roll < 22 ? MoneyDirection.Saving : MoneyDirection.Cost, $"invoice:INV-{_random.Next(10_000, 99_999)}");
        if (roll < 60)
        {
            var buildsOn = recorded.LastOrDefault(r => r.Conversation == conversation && _known.Contains(new EntityRef(EntityKind.InformationalInteraction, r.Interaction)));
            var what = (InformationKind)_random.Next(0, 5);
            return new InformationalPayload(what, Topics[_random.Next(Topics.Length)], buildsOn.Interaction == Guid.Empty || _random.Next(3) != 0 ? null : buildsOn.Interaction);
        }
        if (roll < 75)
            return new LogisticalPayload(Items[_random.Next(Items.Length)], _random.Next(1, 20), "unit", (LogisticalStatus)_random.Next(0, 4));
        var signal = (EmotionalSignal)_random.Next(0, 6);
        var positive = signal is EmotionalSignal.Gratitude or EmotionalSignal.Praise or EmotionalSignal.Trust;
        return new EmotionalPayload(signal, positive ? Math.Round((decimal)_random.NextDouble(), 2) : -Math.Round((decimal)_random.NextDouble(), 2), _random.Next(1, 6));
    }

    private Guid RegisterInternal(int i)
    {
        var id = Id("staff", i);
        var (department, office, country) = Offices[i % Offices.Length];
        Participant(id, new RegisterParticipant(id, ParticipantType.Internal, department, office, country, null, null, _start));
        return id;
    }

    private Guid RegisterExternal(int i)
    {
        var id = Id("external", i);
        var role = (i % 60) switch
        {
            < 35 => ExternalRole.Customer,
            < 45 => ExternalRole.Partner,
            < 50 => ExternalRole.Supplier,
            _ => ExternalRole.CommunityMember,
        };
        Participant(id, new RegisterParticipant(id, ParticipantType.External, null, null, null, role, Organisations[i % Organisations.Length], _start));
        return id;
    }

    private Guid Launch(string name, Guid owner, string hypothesis)
    {
        var id = Id("initiative", name.Length);
        Apply(StreamIds.Initiative(id), InitiativeDecider.Decide(new LaunchInitiative(id, name, owner, hypothesis, _start, _start.AddYears(1)),
            State(StreamIds.Initiative(id), InitiativeDecider.Initial), _known.Contains), _start);
        _known.Add(new EntityRef(EntityKind.Initiative, id));
        return id;
    }

    private void Cost(Guid initiative, DateTimeOffset at, decimal amount, CostCategory category) =>
        Apply(StreamIds.Initiative(initiative), InitiativeDecider.Decide(new IncurInitiativeCost(initiative, Id("cost", _events.Count), new Money(amount, "EUR"), category, at),
            State(StreamIds.Initiative(initiative), InitiativeDecider.Initial), _known.Contains), at);

    private void Participant(Guid id, ParticipantCommand command)
    {
        Apply(StreamIds.Participant(id), ParticipantDecider.Decide(command, State(StreamIds.Participant(id), ParticipantDecider.Initial)), _start);
        _known.Add(new EntityRef(EntityKind.Participant, id));
    }

    private void Conversation(Guid id, ConversationCommand command, DateTimeOffset at)
    {
        var events = ConversationDecider.Decide(command, State(StreamIds.Conversation(id), ConversationDecider.Initial), _known.Contains);
        Apply(StreamIds.Conversation(id), events, at);
        _known.Add(new EntityRef(EntityKind.Conversation, id));
        foreach (var recorded in events.OfType<InteractionRecorded>())
        {
            _known.Add(new EntityRef(EntityKind.Interaction, recorded.InteractionId));
            if (recorded.Payload is InformationalPayload) _known.Add(new EntityRef(EntityKind.InformationalInteraction, recorded.InteractionId));
        }
        foreach (var voided in events.OfType<InteractionVoided>())
        {
            _known.Remove(new EntityRef(EntityKind.Interaction, voided.InteractionId));
            _known.Remove(new EntityRef(EntityKind.InformationalInteraction, voided.InteractionId));
        }
    }

    private void Decide(Guid id, DecisionCommand command, DateTimeOffset at)
    {
        Apply(StreamIds.Decision(id), DecisionDecider.Decide(command, State(StreamIds.Decision(id), DecisionDecider.Initial), _known.Contains), at);
        _known.Add(new EntityRef(EntityKind.Decision, id));
    }

    private readonly Dictionary<string, object> _states = [];

    private TState State<TState>(string streamId, TState initial) where TState : class =>
        _states.TryGetValue(streamId, out var state) ? (TState)state : initial;

    private void Apply<TEvent>(string streamId, IReadOnlyList<TEvent> events, DateTimeOffset at) where TEvent : notnull
    {
        foreach (var e in events)
        {
            _events.Add((streamId, e, at));
            _states[streamId] = e switch
            {
                ParticipantEvent p => ParticipantDecider.Evolve(_states.TryGetValue(streamId, out var s) ? (ParticipantState)s : ParticipantDecider.Initial, p),
                ConversationEvent c => ConversationDecider.Evolve(_states.TryGetValue(streamId, out var s) ? (ConversationState)s : ConversationDecider.Initial, c),
                InitiativeEvent i => InitiativeDecider.Evolve(_states.TryGetValue(streamId, out var s) ? (InitiativeState)s : InitiativeDecider.Initial, i),
                DecisionEvent d => DecisionDecider.Evolve(_states.TryGetValue(streamId, out var s) ? (DecisionState)s : DecisionDecider.Initial, d),
                _ => throw new InvalidOperationException($"Unexpected demo event {e.GetType().Name}"),
            };
        }
    }

    private Guid Id(string kind, int n) => DeterministicId.From($"ledger-demo:{_seedText}:{kind}:{n}");

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
