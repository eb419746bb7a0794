using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Ledger.EventStore.Hashing;

namespace Ledger.EventStore;

/// <summary>
/// Event types evolve without rewriting history (which the database refuses anyway): an upcaster registered for
/// (type, version n) turns stored data of version n into version n + 1 on read; chains apply until none is left.
/// Verification and export always see the stored bytes, never the upcast ones.
/// </summary>
public sealed class EventUpcasters
{
    private readonly ConcurrentDictionary<(string Type, int Version), Func<JsonObject, JsonObject>> _upcasters = new();

    /// <summary>
    /// Whether any upcaster is registered, asked for every event read. Not <c>_upcasters.IsEmpty</c>: on an empty
    /// dictionary (the usual case) that takes all of the dictionary's locks each time.
    /// </summary>
    private volatile bool _any;

    /// <summary>Registers how data of <paramref name="eventType"/> at <paramref name="fromVersion"/> becomes version + 1.</summary>
    public void Register(string eventType, int fromVersion, Func<JsonObject, JsonObject> upcast)
    {
        if (!_upcasters.TryAdd((eventType, fromVersion), upcast))
            throw new InvalidOperationException($"An upcaster for {eventType} v{fromVersion} is already registered.");
        _any = true;
    }

    /// <summary>Whether data of this type and version would be changed by <see cref="Apply"/>.</summary>
    public bool Applies(string eventType, int schemaVersion) => _any && _upcasters.ContainsKey((eventType, schemaVersion));

    /// <summary>The event with its data brought to the latest registered schema version.</summary>
    public StoredEvent Apply(StoredEvent stored)
    {
        if (!_any || !_upcasters.ContainsKey((stored.EventType, stored.SchemaVersion))) return stored;
        var version = stored.SchemaVersion;
        var data = JsonNode.Parse(stored.Data)!.AsObject();
        while (_upcasters.TryGetValue((stored.EventType, version), out var upcast))
        {
            data = upcast(data);
            version++;
        }
        var canonical = JsonbCanonical.Canonicalize(Encoding.UTF8.GetBytes(data.ToJsonString()), "data");
        return stored with { Data = Encoding.UTF8.GetString(canonical), SchemaVersion = version };
    }
}
