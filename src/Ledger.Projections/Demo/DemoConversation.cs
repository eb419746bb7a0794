using System.Security.Cryptography;
using Ledger.Domain.Common;
using Ledger.Domain.Conversations;
using Ledger.Domain.Interactions;
using Ledger.Domain.Participants;

namespace Ledger.Projections.Demo;

internal enum DemoStep : byte
{
    Interaction,
    Join,
    Void,
    Reclassify,
    Close,
}

/// <summary>
/// One open conversation of a streamed history: its plan (the steps after opening, each giving exactly one event), its
/// decider state, and the ids and current payloads of its interactions (the generator's own record of what it asked
/// for, so that it does not depend on what the decider's state keeps). It lives from its opening to its last step, then
/// only its citable interactions survive, in <see cref="DemoCitations"/>.
/// </summary>
internal sealed class DemoConversation
{
    private static readonly string[] VoidReasons = ["recorded twice by the import", "logged against the wrong conversation"];

    private readonly DemoStep[] _steps;
    private readonly List<Guid> _members;
    private readonly List<(Guid Id, TransactionPayload Payload, bool Voided)> _interactions = [];
    private readonly Guid _owner;
    private readonly Guid? _colleague;
    private readonly string _topic;
    private readonly string _currency;
    private Guid? _lastInformational;
    private int _next;

    public DemoConversation(long number, Guid id, ExternalRole role, Channel channel, Guid owner, Guid counterpart, Guid? colleague,
        string topic, string currency, DemoStep[] steps)
    {
        Number = number;
        Id = id;
        StreamId = StreamIds.Conversation(id);
        Role = role;
        Channel = channel;
        _owner = owner;
        _members = [owner, counterpart];
        _colleague = colleague;
        _topic = topic;
        _currency = currency;
        _steps = steps;
    }

    public long Number { get; }

    public Guid Id { get; }

    public string StreamId { get; }

    public ExternalRole Role { get; }

    public Channel Channel { get; }

    public ConversationState State { get; set; } = ConversationDecider.Initial;

    public bool IsFinished => _next == _steps.Length;

    public OpenConversation Opening(Guid? initiative, DateTimeOffset at) => new(Id, Channel, [.. _members], initiative, [_topic], at);

    /// <summary>
    /// The steps of a conversation of exactly <paramref name="events"/> events, its opening included: interactions, then
    /// possibly a correction (void or reclassification) and a close; a colleague joins part-way through a few of them.
    /// </summary>
    public static DemoStep[] Plan(int events, Random random)
    {
        var rest = events - 1;
        var close = rest >= 2 && random.Next(4) != 0;
        if (close) rest--;
        DemoStep? correction = rest >= 2 && random.Next(100) < 16 ? (random.Next(2) == 0 ? DemoStep.Void : DemoStep.Reclassify) : null;
        if (correction is not null) rest--;
        var join = rest >= 3 && random.Next(100) < 12;
        if (join) rest--;
        var steps = new List<DemoStep>(events);
        var joinAfter = join ? 1 + random.Next(rest - 1) : -1;
        for (var i = 0; i < rest; i++)
        {
            steps.Add(DemoStep.Interaction);
            if (i + 1 == joinAfter) steps.Add(DemoStep.Join);
        }
        if (correction is { } c) steps.Add(c);
        if (close) steps.Add(DemoStep.Close);
        return [.. steps];
    }

    /// <summary>How long after the previous step the next one comes; <paramref name="scale"/> compresses dense histories.</summary>
    public TimeSpan GapBeforeNext(Random random, double scale)
    {
        var u = random.NextDouble();
        var hours = _steps[_next] switch
        {
            DemoStep.Interaction when _interactions.Count == 0 => 0.02 + 0.5 * u,
            DemoStep.Interaction => 1 + 71 * u * u,
            DemoStep.Join => 1 + 23 * u,
            DemoStep.Void or DemoStep.Reclassify => 1 + 47 * u,
            _ => 1 + 71 * u,
        };
        return TimeSpan.FromSeconds(Math.Max(60, Math.Round(hours * 3600 * scale)));
    }

    /// <summary>The command of the next step, at <paramref name="at"/>; the caller decides it and folds the one event.</summary>
    public ConversationCommand NextCommand(DateTimeOffset at, Random random, DemoCitations citations, DemoIds ids)
    {
        switch (_steps[_next++])
        {
            case DemoStep.Interaction:
                var index = _interactions.Count;
                var interaction = ids.Of("interaction", Number, index);
                var sender = _members[random.Next(_members.Count)];
                var payload = DemoPayloads.For(Role, random, _topic, _currency, _lastInformational, citations);
                _interactions.Add((interaction, payload, false));
                if (payload is InformationalPayload) _lastInformational = interaction;
                return new RecordInteraction(Id, new NewInteraction(interaction, sender, [.. _members.Where(m => m != sender)], at,
                    ContentHash(index), new SourceRef(DemoPayloads.SourceSystem(Channel), $"{Number}-{index}"), payload,
                    DemoPayloads.ClassificationFor(payload, random)));
            case DemoStep.Join:
                var colleague = _colleague ?? throw new InvalidOperationException("A join was planned without a colleague.");
                _members.Add(colleague);
                return new JoinConversation(Id, colleague, at);
            case DemoStep.Void:
                var voided = random.Next(_interactions.Count);
                _interactions[voided] = _interactions[voided] with { Voided = true };
                return new VoidInteraction(Id, _interactions[voided].Id, VoidReasons[random.Next(VoidReasons.Length)], _owner, at);
            case DemoStep.Reclassify:
                var target = random.Next(_interactions.Count);
                var (corrected, reason) = DemoPayloads.Corrected(_interactions[target].Payload, _topic);
                _interactions[target] = _interactions[target] with { Payload = corrected };
                return new ReclassifyInteraction(Id, _interactions[target].Id, corrected, new Classification(ClassificationSource.Manual, null, 1m), reason, _owner, at);
            default:
                return new CloseConversation(Id, DemoPayloads.OutcomeFor(Role, random), at);
        }
    }

    /// <summary>Once the last step is done, what may be cited from this conversation: it, and its interactions still in force.</summary>
    public void Finish(DemoCitations citations)
    {
        citations.Add(new EntityRef(EntityKind.Conversation, Id));
        foreach (var (id, payload, voided) in _interactions)
        {
            if (voided) continue;
            citations.Add(new EntityRef(EntityKind.Interaction, id));
            if (payload is InformationalPayload) citations.Add(new EntityRef(EntityKind.InformationalInteraction, id));
        }
    }

    private string ContentHash(int index)
    {
        Span<byte> content = stackalloc byte[20];
        Id.TryWriteBytes(content);
        BitConverter.TryWriteBytes(content[16..], index);
        return Convert.ToHexStringLower(SHA256.HashData(content));
    }
}
