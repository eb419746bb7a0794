using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Ledger.Projections.Pilots;

/// <summary>
/// The threads a pilot computes on. They are its own, never the .NET thread pool's (whose few threads, one per core,
/// run request handling and the group-commit loop: a pilot holding them for seconds starved appends), and they run at
/// the lowest OS priority, so that the kernel hands the cores to request handling and appends first and a pilot takes
/// what is left. On an idle machine a pilot still gets every core.
/// </summary>
internal sealed class PilotWorkers : IDisposable
{
    private const int PrioProcess = 0;
    private const int LowestNice = 19;

    private readonly BlockingCollection<Action> _queue = [];
    private int _running;

    public PilotWorkers(PilotRunOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1, nameof(options));
        Count = options.Workers;
        _running = options.Workers;
        for (var i = 0; i < options.Workers; i++)
            new Thread(() => Work(options.LowPriority)) { IsBackground = true, Name = "pilot-worker" }.Start();
    }

    /// <summary>How many threads run work at once.</summary>
    public int Count { get; }

    /// <summary>Queues <paramref name="work"/> (first queued, first run); the task completes with its result or exception.</summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (OperationCanceledException ex)
            {
                done.SetCanceled(ex.CancellationToken);
            }
            catch (Exception ex)
            {
                // Handed to the awaiting caller, as a Task would.
                done.SetException(ex);
            }
        });
        return done.Task;
    }

    /// <summary>Queues <paramref name="work"/>; the task completes when it has run.</summary>
    public Task RunAsync(Action work) => RunAsync(() =>
    {
        work();
        return true;
    });

    /// <summary>No more work: the threads end once the queued work is done.</summary>
    public void Dispose() => _queue.CompleteAdding();

    private void Work(bool lowPriority)
    {
        if (lowPriority) LowerPriority();
        foreach (var work in _queue.GetConsumingEnumerable()) work();
        if (Interlocked.Decrement(ref _running) == 0) _queue.Dispose();
    }

    private static void LowerPriority()
    {
        // Honoured on Windows and macOS. On Linux it is ignored, but there each thread has its own nice value.
        Thread.CurrentThread.Priority = ThreadPriority.Lowest;
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = SetPriority(PrioProcess, GetThreadId(), LowestNice);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // A libc without gettid: the pilot runs at normal priority, still off the thread pool.
        }
    }

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);
}
