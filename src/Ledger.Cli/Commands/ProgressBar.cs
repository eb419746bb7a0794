using System.Diagnostics;
using System.Globalization;

namespace Ledger.Cli.Commands;

/// <summary>
/// A one-line progress bar on stderr for long work (import, demo, pilot runs): redrawn at most ten times a second
/// when stderr is a terminal; when it is redirected (scripts, CI) a plain line every few seconds instead, so logs
/// stay readable. Stdout is left to results.
/// </summary>
internal sealed class ProgressBar(string what, long? total, string unit)
{
    private const int Width = 30;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private TimeSpan? _lastDrawn;
    private long _done;
    private long _printed = -1;

    public long Done => _done;

    public void Advance(long by) => Report(_done + by);

    public void Report(long done, long? newTotal = null)
    {
        _done = done;
        if (newTotal is not null) total = newTotal;
        var interval = _terminal ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(5);
        if (_lastDrawn is { } last && _clock.Elapsed - last < interval) return;
        _lastDrawn = _clock.Elapsed;
        Draw(final: false);
    }

    public void Finish() => Draw(final: true);

    private void Draw(bool final)
    {
        var rate = _clock.Elapsed.TotalSeconds > 0 ? _done / _clock.Elapsed.TotalSeconds : 0;
        var figures = string.Create(CultureInfo.InvariantCulture, $"{_done:N0}{(total is { } t ? $"/{t:N0}" : "")} {unit} · {rate:N0} {unit}/s · {_clock.Elapsed:mm\\:ss}");
        string line;
        if (total is > 0)
        {
            var fraction = Math.Clamp((double)_done / total.Value, 0, 1);
            var filled = (int)Math.Round(fraction * Width);
            line = string.Create(CultureInfo.InvariantCulture, $"{what} [{new string('#', filled)}{new string('.', Width - filled)}] {fraction,4:P0} {figures}");
        }
        else
        {
            line = $"{what} {figures}";
        }
        if (_terminal) Console.Error.Write($"\r{line}{(final ? Environment.NewLine : "")}");
        else if (_done != _printed) Console.Error.WriteLine(line);
        _printed = _done;
    }
}
