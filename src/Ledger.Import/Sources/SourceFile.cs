namespace Ledger.Import.Sources;

/// <summary>
/// The file a source reads: a path it opens and closes itself on each read, or a caller's stream, which it leaves open
/// and reads once (after one read the stream is past its content, and a second read would silently find nothing).
/// </summary>
internal sealed class SourceFile
{
    private readonly Func<Stream> _open;
    private readonly bool _owned;
    private bool _read;

    private SourceFile(Func<Stream> open, bool owned, string name) => (_open, _owned, Name) = (open, owned, name);

    /// <summary>The name locations report (<c>file:line</c>).</summary>
    public string Name { get; }

    public static SourceFile Of(Stream stream, string name) => new(() => stream, owned: false, name);

    public static SourceFile At(string path, string? name) => new(() => File.OpenRead(path), owned: true, name ?? Path.GetFileName(path));

    public Stream Open()
    {
        if (!_owned && _read) throw new InvalidOperationException("A source over a stream can be read once.");
        _read = true;
        return _open();
    }

    /// <summary>Closes what <see cref="Open"/> opened, if the source owns it.</summary>
    public void Done(Stream stream)
    {
        if (_owned) stream.Dispose();
    }
}
