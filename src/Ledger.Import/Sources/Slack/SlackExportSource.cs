using Ledger.Domain.Conversations;

namespace Ledger.Import.Sources.Slack;

/// <summary>
/// Messages from a Slack workspace export (a directory or a .zip; see <c>Sources/FORMATS.md</c>). The directory files
/// are read first; then one day file at a time, in a fixed order: channels by name, files by date, messages by ts.
/// A day file that is not valid JSON is one <see cref="MalformedRecord"/>; reading goes on with the next file.
/// </summary>
public sealed class SlackExportSource : IMessageSource
{
    public const string SystemName = "slack";

    private readonly Func<SlackExportFiles> _open;

    /// <summary>An export directory, or a <c>.zip</c> file read in place.</summary>
    public SlackExportSource(string path)
    {
        if (!Directory.Exists(path) && !(File.Exists(path) && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)))
            throw new DirectoryNotFoundException($"Slack export not found (a directory or a .zip file): {path}");
        _open = () => SlackExportFiles.Open(path);
    }

    /// <summary>A zipped export in a seekable stream; the caller keeps ownership of the stream.</summary>
    public SlackExportSource(Stream zip)
    {
        _open = () => SlackExportFiles.OpenZip(zip);
    }

    public IEnumerable<SourceRecord> Read(CancellationToken cancellationToken = default)
    {
        using var files = _open();
        var problems = new List<MalformedRecord>();
        var users = new Dictionary<string, SlackUser>(StringComparer.Ordinal);
        var channels = new List<SlackChannel>();
        ReadDirectory(files, "users.json", file => users = SlackDirectory.ReadUsers(file, "users.json", problems), problems);
        var haveChannels = ReadDirectory(files, "channels.json", file => channels = SlackDirectory.ReadChannels(file, "channels.json", problems), problems);
        foreach (var problem in problems) yield return problem;
        if (!haveChannels) yield break;

        var day = new DayReader(users, channels);
        foreach (var channel in channels.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            foreach (var (date, path) in files.DayFiles(channel.Name))
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var record in day.Read(files.ReadAllBytes(path), channel, date, path)) yield return record;
            }
        }
    }

    private static bool ReadDirectory(SlackExportFiles files, string path, Action<JsonArrayFile> read, List<MalformedRecord> problems)
    {
        if (!files.Exists(path))
        {
            problems.Add(new MalformedRecord(new SourceLocation(path, 0), $"{path} is missing from the export"));
            return false;
        }
        using var file = JsonArrayFile.Parse(files.ReadAllBytes(path));
        if (file.Error is not null)
        {
            problems.Add(new MalformedRecord(new SourceLocation(path, file.ErrorLine), file.Error));
            return false;
        }
        read(file);
        return true;
    }

    /// <summary>Turns one day file into records, sorted by ts (a bad message keeps its place after its predecessor).</summary>
    private sealed class DayReader(Dictionary<string, SlackUser> users, List<SlackChannel> channels)
    {
        private readonly Dictionary<string, SourcePerson> _people = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _channelNames = channels.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);

        public List<SourceRecord> Read(byte[] bytes, SlackChannel channel, string date, string path)
        {
            using var file = JsonArrayFile.Parse(bytes);
            if (file.Error is not null) return [new MalformedRecord(new SourceLocation(path, file.ErrorLine), file.Error)];

            var entries = new List<(DateTimeOffset Key, int Index, SlackPost? Post, MalformedRecord? Problem)>();
            var lastKey = DateTimeOffset.MinValue;
            foreach (var item in file.Items)
            {
                var (post, error) = SlackPost.Read(item, IsBot);
                if (error is not null) entries.Add((lastKey, item.Index, null, new MalformedRecord(new SourceLocation(path, item.Line), error)));
                if (post is null) continue;
                lastKey = post.SentAt;
                entries.Add((post.SentAt, item.Index, post, null));
            }
            var ordered = entries.OrderBy(e => e.Key).ThenBy(e => e.Index).ToList();

            // Without a member list, the audience is whoever wrote in the channel that day.
            var audience = channel.Members ?? [.. ordered.Where(e => e.Post is not null).Select(e => e.Post!.User).Distinct(StringComparer.Ordinal)];
            string[] tags = [$"slack:#{channel.Name}"];
            return [.. ordered.Select(e => e.Problem ?? (SourceRecord)new MessageRecord(ToMessage(e.Post!, channel, date, path, audience, tags)))];
        }

        private SourceMessage ToMessage(SlackPost post, SlackChannel channel, string date, string path, IReadOnlyList<string> audience, string[] tags) =>
            new(
                SystemName,
                $"{channel.Id}:{post.Ts}",
                post.ThreadTs is null ? $"{channel.Id}:{date}" : $"{channel.Id}:{post.ThreadTs}",
                Channel.Chat,
                Person(post.User),
                [.. audience.Where(id => id != post.User && !IsBot(id)).Select(Person)],
                post.SentAt,
                null,
                SlackText.Decode(post.RawText, UserName, ChannelName),
                tags,
                new SourceLocation(path, post.Line));

        private bool IsBot(string userId) => userId == SlackDirectory.Slackbot || (users.TryGetValue(userId, out var user) && user.IsBot);

        private SourcePerson Person(string userId)
        {
            if (_people.TryGetValue(userId, out var person)) return person;
            person = users.TryGetValue(userId, out var user) ? user.ToPerson() : new SourcePerson(null, userId, null);
            _people[userId] = person;
            return person;
        }

        private string? UserName(string userId) => users.TryGetValue(userId, out var user) ? user.Name : null;

        private string? ChannelName(string channelId) => _channelNames.GetValueOrDefault(channelId);
    }
}
