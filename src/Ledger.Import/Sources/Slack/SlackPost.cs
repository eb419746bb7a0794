namespace Ledger.Import.Sources.Slack;

/// <summary>A message of a day file worth importing: written by a person, with its raw (still escaped) text.</summary>
internal sealed record SlackPost(int Index, long Line, string Ts, DateTimeOffset SentAt, string User, string? ThreadTs, string RawText)
{
    /// <summary>Subtypes a person writes; every other subtype (joins, leaves, topic and name changes, pins, bots, edits…) is skipped.</summary>
    private static readonly HashSet<string> AuthoredSubtypes = new(StringComparer.Ordinal) { "thread_broadcast", "reply_broadcast", "me_message", "file_share" };

    /// <summary>
    /// The post in an array item; (null, null) for something that is not a person's message (skipped silently), (null,
    /// reason) for a person's message that cannot be read. The reason names the field, never the text.
    /// </summary>
    public static (SlackPost? Post, string? Error) Read(JsonArrayItem item, Func<string, bool> isBot)
    {
        var message = item.Element;
        if (message.ValueKind != System.Text.Json.JsonValueKind.Object) return (null, $"message #{item.Index} is not a JSON object");
        var type = message.Text("type");
        if (type is not null && type != "message") return (null, null);
        var subtype = message.Text("subtype");
        if (subtype is not null && !AuthoredSubtypes.Contains(subtype)) return (null, null);

        var user = message.Text("user");
        if (string.IsNullOrWhiteSpace(user))
        {
            // A bot's post carries bot_id and no user: not a person, not an error.
            return message.Text("bot_id") is not null ? (null, null) : (null, $"message #{item.Index} has no 'user'");
        }
        if (isBot(user)) return (null, null);

        var ts = message.Text("ts");
        if (ts is null) return (null, $"message #{item.Index} has no 'ts'");
        if (!SlackTimestamp.TryParse(ts, out var sentAt)) return (null, $"message #{item.Index}: 'ts' is not a Slack timestamp");
        var threadTs = message.Text("thread_ts");
        if (threadTs is not null && !SlackTimestamp.TryParse(threadTs, out _))
            return (null, $"message #{item.Index}: 'thread_ts' is not a Slack timestamp");

        return (new SlackPost(item.Index, item.Line, ts, sentAt, user, threadTs, message.Text("text") ?? ""), null);
    }
}
