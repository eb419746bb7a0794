using System.Globalization;
using System.Text.RegularExpressions;
using Ledger.Domain.Conversations;

namespace Ledger.Import.Sources.Csv;

/// <summary>
/// Turns one CSV row into a <see cref="SourceRecord"/>. Reasons for a malformed row name the column and the rule, never
/// a value: a misplaced value could be message text or personal data.
/// </summary>
internal static partial class CsvRowMapper
{
    public static SourceRecord Map(CsvColumns columns, IReadOnlyList<string> fields, SourceLocation location)
    {
        if (fields.Count != columns.Count)
            return new MalformedRecord(location, $"expected {columns.Count} fields, found {fields.Count}");

        foreach (var column in CsvColumns.Required)
        {
            var value = column == "text" ? columns.Raw(fields, column) : columns.Value(fields, column);
            if (string.IsNullOrWhiteSpace(value)) return new MalformedRecord(location, $"missing required field '{column}'");
        }

        if (!TryParseTimestamp(columns.Value(fields, "sent_at"), out var sentAt))
            return new MalformedRecord(location, "sent_at is not an ISO 8601 timestamp with an offset or Z");

        if (!TryParseChannel(columns.Value(fields, "channel"), out var channel))
            return new MalformedRecord(location, "unknown channel (expected email, meeting, call, forum, chat, social or other)");

        var internalText = columns.Value(fields, "from_internal");
        bool? isInternal = internalText.ToLowerInvariant() switch
        {
            "" => null,
            "true" => true,
            "false" => false,
            _ => (bool?)null,
        };
        if (internalText.Length > 0 && isInternal is null)
            return new MalformedRecord(location, "from_internal must be true or false");

        if (!TryParseAddress(columns.Value(fields, "from"), out var fromEmail, out var fromHandle))
            return new MalformedRecord(location, "from is neither an e-mail address nor an @handle");
        var sender = new SourcePerson(
            fromEmail,
            fromHandle,
            NullIfEmpty(columns.Value(fields, "from_name")),
            isInternal,
            NullIfEmpty(columns.Value(fields, "from_department")));

        var recipients = new List<SourcePerson>();
        var entries = SplitList(columns.Value(fields, "to"));
        for (var i = 0; i < entries.Count; i++)
        {
            if (!TryParseAddress(entries[i], out var email, out var handle))
                return new MalformedRecord(location, $"to: entry {i + 1} is neither an e-mail address nor an @handle");
            recipients.Add(new SourcePerson(email, handle, null));
        }
        if (recipients.Count == 0) return new MalformedRecord(location, "missing required field 'to'");

        var system = columns.Value(fields, "system");
        return new MessageRecord(new SourceMessage(
            system.Length > 0 ? system : "csv",
            columns.Value(fields, "message_id"),
            columns.Value(fields, "thread_id"),
            channel,
            sender,
            recipients,
            sentAt,
            NullIfEmpty(columns.Value(fields, "subject")),
            SourceText.NormaliseNewlines(columns.Raw(fields, "text")),
            SplitList(columns.Value(fields, "tags")),
            location));
    }

    /// <summary>ISO 8601 date and time with a mandatory offset: <c>2024-01-02T09:30:00Z</c>, <c>…09:30:00.123+01:00</c>.</summary>
    public static bool TryParseTimestamp(string value, out DateTimeOffset timestamp)
    {
        timestamp = default;
        var match = TimestampPattern().Match(value);
        if (!match.Success) return false;
        int Group(string name) => int.Parse(match.Groups[name].ValueSpan, CultureInfo.InvariantCulture);

        var offset = TimeSpan.Zero;
        if (match.Groups["oh"].Success)
        {
            offset = new TimeSpan(Group("oh"), match.Groups["om"].Success ? Group("om") : 0, 0);
            if (match.Groups["sign"].Value == "-") offset = -offset;
        }
        var fraction = match.Groups["f"].Success ? match.Groups["f"].Value.PadRight(7, '0')[..7] : "0";
        var second = match.Groups["s"].Success ? Group("s") : 0;
        if (offset.Duration() > TimeSpan.FromHours(14)) return false;
        try
        {
            timestamp = new DateTimeOffset(Group("y"), Group("mo"), Group("d"), Group("h"), Group("mi"), second, offset)
                .AddTicks(long.Parse(fraction, CultureInfo.InvariantCulture));
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static bool TryParseChannel(string value, out Channel channel)
    {
        Channel? parsed = value.ToLowerInvariant() switch
        {
            "email" => Channel.Email,
            "meeting" => Channel.Meeting,
            "call" => Channel.Call,
            "forum" => Channel.Forum,
            "chat" => Channel.Chat,
            "social" => Channel.SocialNetwork,
            "other" => Channel.Other,
            _ => null,
        };
        channel = parsed ?? default;
        return parsed is not null;
    }

    private static bool TryParseAddress(string value, out string? email, out string? handle)
    {
        email = null;
        handle = null;
        if (SourceText.TryParseHandle(value, out var h))
        {
            handle = h;
            return true;
        }
        if (!SourceText.IsEmail(value)) return false;
        email = value.ToLowerInvariant();
        return true;
    }

    private static List<string> SplitList(string value) =>
        [.. value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    [GeneratedRegex(@"^(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})[Tt ](?<h>\d{2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:[.,](?<f>\d{1,9}))?)?(?:[Zz]|(?<sign>[+-])(?<oh>\d{2})(?::?(?<om>\d{2}))?)$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();
}
