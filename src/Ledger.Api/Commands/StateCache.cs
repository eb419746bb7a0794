namespace Ledger.Api.Commands;

/// <summary>
/// The executor's cache of folded stream states: least recently used first out, bounded both by the number of streams
/// and by the approximate bytes their states hold (each state's weight is estimated by its decider). A state heavier
/// than the whole budget is not kept. A miss only costs a read of the stream.
/// </summary>
internal sealed class StateCache(int maxEntries, long maxBytes)
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _byStream = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private long _bytes;

    public int MaxEntries => maxEntries;
    public long MaxBytes => maxBytes;

    public int Count
    {
        get
        {
            lock (_sync) return _byStream.Count;
        }
    }

    /// <summary>The sum of the weights of the states held.</summary>
    public long Bytes
    {
        get
        {
            lock (_sync) return _bytes;
        }
    }

    public bool TryGet(string streamId, out object state, out long version)
    {
        lock (_sync)
        {
            if (_byStream.TryGetValue(streamId, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                (state, version) = (node.Value.State, node.Value.Version);
                return true;
            }
        }

        (state, version) = (null!, 0);
        return false;
    }

    /// <summary>Keeps the state unless a newer version is already held, then evicts the least recently used beyond the bounds.</summary>
    public void Set(string streamId, object state, long version, long bytes)
    {
        lock (_sync)
        {
            if (_byStream.TryGetValue(streamId, out var old))
            {
                if (old.Value.Version >= version) return;
                Unlink(old);
            }

            if (bytes > maxBytes) return;
            var node = _recency.AddFirst(new Entry(streamId, state, version, bytes));
            _byStream[streamId] = node;
            _bytes += bytes;
            while (_byStream.Count > maxEntries || _bytes > maxBytes)
                Unlink(_recency.Last!);
        }
    }

    public void Remove(string streamId)
    {
        lock (_sync)
        {
            if (_byStream.TryGetValue(streamId, out var node)) Unlink(node);
        }
    }

    private void Unlink(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _byStream.Remove(node.Value.StreamId);
        _bytes -= node.Value.Bytes;
    }

    private sealed record Entry(string StreamId, object State, long Version, long Bytes);
}
