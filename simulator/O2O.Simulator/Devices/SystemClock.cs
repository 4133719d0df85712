using System.Diagnostics;
using O2O.Firmware.Core;

namespace O2O.Simulator.Devices;

/// <summary>Real time for live runs: monotonic uptime from a stopwatch, wall time from the TimeProvider.</summary>
public sealed class SystemClock(TimeProvider time) : IClock
{
    private readonly long _bootTimestamp = time.GetTimestamp();

    public long UptimeMilliseconds => (long)time.GetElapsedTime(_bootTimestamp).TotalMilliseconds;

    public long UnixMilliseconds => time.GetUtcNow().ToUnixTimeMilliseconds();
}
