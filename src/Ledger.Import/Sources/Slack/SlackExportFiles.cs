using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Ledger.Import.Sources.Slack;

/// <summary>
/// The files of a Slack export, as paths relative to the export's root (<c>users.json</c>,
/// <c>general/2024-01-02.json</c>): a directory, or a zip read entry by entry without extracting anything to disk.
/// </summary>
internal abstract partial class SlackExportFiles : IDisposable
{
    public abstract bool Exists(string relativePath);

    /// <summary>One file's bytes (a day file or a directory file: small, read whole).</summary>
    public abstract byte[] ReadAllBytes(string relativePath);

    /// <summary>The <c>YYYY-MM-DD.json</c> files of a channel's folder, as (date, relative path), by date.</summary>
    public abstract IReadOnlyList<(string Date, string Path)> DayFiles(string channelFolder);

    public virtual void Dispose()
    {
    }

    public static SlackExportFiles Open(string path) =>
        Directory.Exists(path) ? new Folder(path)
        : File.Exists(path) && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? new Zip(ZipFile.OpenRead(path))
        : throw new DirectoryNotFoundException("Slack export not found: expected a directory or a .zip file");

    public static SlackExportFiles OpenZip(Stream zip) => new Zip(new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true));

    private static IReadOnlyList<(string Date, string Path)> ByDate(IEnumerable<string> fileNames, string folder) =>
        [.. fileNames
            .Where(name => DayFileName().IsMatch(name))
            .Select(name => (Date: name[..10], Path: $"{folder}/{name}"))
            .OrderBy(file => file.Date, StringComparer.Ordinal)];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex DayFileName();

    private sealed class Folder(string root) : SlackExportFiles
    {
        public override bool Exists(string relativePath) => File.Exists(Path.Combine(root, relativePath));

        public override byte[] ReadAllBytes(string relativePath) => File.ReadAllBytes(Path.Combine(root, relativePath));

        public override IReadOnlyList<(string Date, string Path)> DayFiles(string channelFolder)
        {
            var directory = Path.Combine(root, channelFolder);
            return Directory.Exists(directory)
                ? ByDate(Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>(), channelFolder)
                : [];
        }
    }

    /// <summary>A zip; when the export was zipped with its folder, the entries sit under one prefix, which is skipped.</summary>
    private sealed class Zip : SlackExportFiles
    {
        private readonly ZipArchive _archive;
        private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);

        public Zip(ZipArchive archive)
        {
            _archive = archive;
            var names = archive.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
            var prefix = names
                .Where(n => n == "channels.json" || n.EndsWith("/channels.json", StringComparison.Ordinal))
                .OrderBy(n => n.Length)
                .Select(n => n[..^"channels.json".Length])
                .FirstOrDefault() ?? "";
            foreach (var entry in archive.Entries)
            {
                var name = entry.FullName.Replace('\\', '/');
                if (name.StartsWith(prefix, StringComparison.Ordinal) && !name.EndsWith('/')) _entries.TryAdd(name[prefix.Length..], entry);
            }
        }

        public override bool Exists(string relativePath) => _entries.ContainsKey(relativePath);

        public override byte[] ReadAllBytes(string relativePath)
        {
            var entry = _entries[relativePath];
            using var stream = entry.Open();
            using var copy = new MemoryStream(entry.Length is > 0 and < int.MaxValue ? (int)entry.Length : 0);
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        public override IReadOnlyList<(string Date, string Path)> DayFiles(string channelFolder) =>
            ByDate(
                _entries.Keys
                    .Where(k => k.StartsWith(channelFolder + "/", StringComparison.Ordinal))
                    .Select(k => k[(channelFolder.Length + 1)..])
                    .Where(rest => !rest.Contains('/', StringComparison.Ordinal)),
                channelFolder);

        public override void Dispose() => _archive.Dispose();
    }
}
