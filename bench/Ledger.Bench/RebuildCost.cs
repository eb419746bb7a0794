using System.Diagnostics;
using System.Globalization;

namespace Ledger.Bench;

/// <summary>
/// What a timed stretch cost the machine: this process's CPU, the whole machine's busy CPU (so PostgreSQL's share is the
/// difference; Linux only, from /proc/stat), and the garbage collector's pauses. Printed beside the rebuild rate, because
/// on two shared cores the rate is bounded by the CPU the client and the server need together.
/// </summary>
internal sealed class RebuildCost
{
    private readonly TimeSpan _process = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly TimeSpan _kernel = Process.GetCurrentProcess().PrivilegedProcessorTime;
    private readonly double? _machine = MachineBusySeconds();
    private readonly TimeSpan _gcPause = GC.GetTotalPauseDuration();
    private readonly long _allocated = GC.GetTotalAllocatedBytes();

    public static RebuildCost Start() => new();

    public string Stop()
    {
        var process = (Process.GetCurrentProcess().TotalProcessorTime - _process).TotalSeconds;
        var kernel = (Process.GetCurrentProcess().PrivilegedProcessorTime - _kernel).TotalSeconds;
        var machine = MachineBusySeconds() - _machine;
        return string.Create(CultureInfo.InvariantCulture,
            $"client CPU {process:0.0} s ({kernel:0.0} s of it in the kernel), machine busy {(machine is { } m ? $"{m:0.0} s" : "n/a")}, GC pauses {(GC.GetTotalPauseDuration() - _gcPause).TotalSeconds:0.00} s, {(GC.GetTotalAllocatedBytes() - _allocated) / 1e9:0.00} GB allocated");
    }

    /// <summary>user + nice + system + irq + softirq over all cores, in seconds (USER_HZ = 100).</summary>
    private static double? MachineBusySeconds()
    {
        if (!File.Exists("/proc/stat")) return null;
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (fields[0] + fields[1] + fields[2] + fields[5] + fields[6]) / 100.0;
    }
}
