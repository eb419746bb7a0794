using System.Diagnostics;

namespace Ledger.Projections.Pilots;

/// <summary>
/// Makes a pilot yield to recording. A lower OS priority alone is not enough: a pilot allocates gigabytes, and the
/// collections that reclaims stop every thread of the process, request handling included, at normal priority. So while
/// the store has committed in the last <see cref="RecordingWindow"/>, each pilot thread works in short slices and rests
/// between them (<see cref="PilotRunOptions.ShareWhileRecording"/> of the time); when nothing is being recorded it runs
/// flat out. Workers call <see cref="Pace"/> between units of work (a batch of events, a slice of the facts).
/// </summary>
internal sealed class PilotPacer : IDisposable
{
    private static readonly long RecordingWindow = Stopwatch.Frequency / 10;
    private static readonly long Slice = Stopwatch.Frequency / 500;
    private static readonly long MaxRest = Stopwatch.Frequency / 50;

    [ThreadStatic]
    private static long _sliceStarted;

    private readonly EventStore.EventStore? _store;
    private readonly double _restPerWork;
    private long _lastCommit;

    /// <summary>A pacer that watches <paramref name="store"/>'s commits (none: never rests).</summary>
    public PilotPacer(EventStore.EventStore? store, PilotRunOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ShareWhileRecording, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ShareWhileRecording, 1.0, nameof(options));
        _restPerWork = 1 / options.ShareWhileRecording - 1;
        _store = _restPerWork > 0 ? store : null;
        if (_store is not null) _store.Committed += OnCommitted;
    }

    /// <summary>Rests if this thread has worked a slice while the ledger is recording.</summary>
    public void Pace()
    {
        if (_store is null) return;
        var now = Stopwatch.GetTimestamp();
        if (_sliceStarted == 0)
        {
            _sliceStarted = now;
            return;
        }
        var worked = now - _sliceStarted;
        if (worked < Slice) return;
        // A long stretch without a call (one report's own sorting, say) is not paid back in full.
        if (now - Volatile.Read(ref _lastCommit) < RecordingWindow)
            Thread.Sleep(TimeSpan.FromSeconds(Math.Min(worked, MaxRest) * _restPerWork / Stopwatch.Frequency));
        _sliceStarted = Stopwatch.GetTimestamp();
    }

    public void Dispose()
    {
        if (_store is not null) _store.Committed -= OnCommitted;
    }

    private void OnCommitted(long position) => Volatile.Write(ref _lastCommit, Stopwatch.GetTimestamp());
}
