using Ledger.Domain.Common;

namespace Ledger.Projections.Demo;

/// <summary>
/// What later events may point at across conversations — interactions and conversations a decision cites, informational
/// interactions another conversation builds on — kept as the most recent <c>capacity</c> of each kind. Entries come only
/// from finished conversations, so none can be voided afterwards: everything here exists in the ledger. Capped, so the
/// memory does not grow with the history.
/// </summary>
internal sealed class DemoCitations(int capacity)
{
    private readonly Ring _interactions = new(capacity);
    private readonly Ring _informational = new(capacity);
    private readonly Ring _conversations = new(capacity);

    public void Add(EntityRef reference) => RingOf(reference.Kind).Add(reference);

    public bool Contains(EntityRef reference) => RingOf(reference.Kind).Contains(reference);

    /// <summary>Up to <paramref name="count"/> distinct recent references of <paramref name="kind"/>, drawn at random.</summary>
    public List<EntityRef> Sample(EntityKind kind, int count, Random random)
    {
        var ring = RingOf(kind);
        var picked = new List<EntityRef>(count);
        for (var attempt = 0; attempt < count * 3 && picked.Count < Math.Min(count, ring.Count); attempt++)
        {
            var candidate = ring.At(random.Next(ring.Count));
            if (!picked.Contains(candidate)) picked.Add(candidate);
        }
        return picked;
    }

    private Ring RingOf(EntityKind kind) => kind switch
    {
        EntityKind.Interaction => _interactions,
        EntityKind.InformationalInteraction => _informational,
        EntityKind.Conversation => _conversations,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only interactions and conversations are cited from the pool."),
    };

    private sealed class Ring(int capacity)
    {
        private readonly EntityRef[] _items = new EntityRef[capacity];
        private readonly HashSet<EntityRef> _set = new(capacity);
        private int _next;

        public int Count { get; private set; }

        public EntityRef At(int index) => _items[index];

        public bool Contains(EntityRef reference) => _set.Contains(reference);

        public void Add(EntityRef reference)
        {
            if (!_set.Add(reference)) return;
            if (Count == _items.Length) _set.Remove(_items[_next]);
            else Count++;
            _items[_next] = reference;
            _next = (_next + 1) % _items.Length;
        }
    }
}
