using System.Text.Json;

namespace Ledger.Import.Sources.Slack;

/// <summary>A workspace member from <c>users.json</c>. Restricted and ultra-restricted members are guests: external.</summary>
internal sealed record SlackUser(string Id, string Name, string? RealName, string? Email, bool IsBot, bool IsGuest, bool Deleted)
{
    public SourcePerson ToPerson() =>
        new(string.IsNullOrWhiteSpace(Email) ? null : Email.Trim().ToLowerInvariant(), Name, RealName, !IsGuest);
}

/// <summary>A channel from <c>channels.json</c>; <see cref="Members"/> is null when the export does not list them.</summary>
internal sealed record SlackChannel(string Id, string Name, IReadOnlyList<string>? Members);

/// <summary>Reads the export's directory files. Bad entries are reported (by index and line) and left out.</summary>
internal static class SlackDirectory
{
    /// <summary>Slack's own bot: never a person, whether or not <c>users.json</c> lists it.</summary>
    public const string Slackbot = "USLACKBOT";

    public static Dictionary<string, SlackUser> ReadUsers(JsonArrayFile file, string path, List<MalformedRecord> problems)
    {
        var users = new Dictionary<string, SlackUser>(StringComparer.Ordinal);
        foreach (var item in file.Items)
        {
            var user = item.Element;
            var id = user.Text("id");
            if (string.IsNullOrWhiteSpace(id))
            {
                problems.Add(new MalformedRecord(new SourceLocation(path, item.Line), $"user #{item.Index} has no 'id'"));
                continue;
            }
            var profile = user.Child("profile");
            var realName = NonEmpty(user.Text("real_name")) ?? NonEmpty(profile?.Text("real_name")) ?? NonEmpty(profile?.Text("display_name"));
            users.TryAdd(id, new SlackUser(
                id,
                NonEmpty(user.Text("name")) ?? id,
                realName,
                NonEmpty(profile?.Text("email")),
                user.Flag("is_bot") || id == Slackbot,
                user.Flag("is_restricted") || user.Flag("is_ultra_restricted"),
                user.Flag("deleted")));
        }
        return users;
    }

    public static List<SlackChannel> ReadChannels(JsonArrayFile file, string path, List<MalformedRecord> problems)
    {
        var channels = new List<SlackChannel>();
        foreach (var item in file.Items)
        {
            var channel = item.Element;
            var id = channel.Text("id");
            var name = channel.Text("name");
            if (string.IsNullOrWhiteSpace(id) || !IsSafeFolderName(name))
            {
                problems.Add(new MalformedRecord(new SourceLocation(path, item.Line), $"channel #{item.Index} has no 'id' or no usable 'name'"));
                continue;
            }
            IReadOnlyList<string>? members = null;
            if (channel.TryGetProperty("members", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                members = [.. list.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!).Distinct()];
            }
            channels.Add(new SlackChannel(id, name!, members));
        }
        return channels;
    }

    /// <summary>The channel name is also a folder name: it must not climb out of the export.</summary>
    private static bool IsSafeFolderName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name != "." && name != ".." && name.IndexOfAny(['/', '\\', '\0']) < 0;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
