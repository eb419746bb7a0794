namespace Ledger.Import.Sources.Mbox;

/// <summary>
/// Thread ids for a stream of e-mails, decided when each message is read (nothing already yielded changes later):
/// <list type="number">
/// <item>with References: the root named first there, or that message's own thread if it was seen earlier;</item>
/// <item>else with In-Reply-To: the parent's thread when the parent was seen earlier, else the parent's id;</item>
/// <item>else the message's own id.</item>
/// </list>
/// So replies land in their root's thread whatever the order, as long as they name the root in References; a reply
/// that names only its parent, read before a parent that itself names a root, stays in a thread named after the
/// parent. Only messages whose thread is not their own id are remembered (a few dozen bytes each).
/// </summary>
internal sealed class EmailThreads
{
    private readonly Dictionary<string, string> _threadOf = new(StringComparer.Ordinal);

    public string Assign(string messageId, IReadOnlyList<string> references, string? inReplyTo)
    {
        var thread = references.Count > 0 ? Resolve(references[0])
            : inReplyTo is not null ? Resolve(inReplyTo)
            : Resolve(messageId);
        if (thread != messageId) _threadOf.TryAdd(messageId, thread);
        return thread;
    }

    private string Resolve(string id) => _threadOf.GetValueOrDefault(id, id);
}
