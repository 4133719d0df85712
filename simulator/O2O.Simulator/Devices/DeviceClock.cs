using System.Collections.Concurrent;
using O2O.Firmware.Core;
using O2O.Firmware.Drivers;

namespace O2O.Simulator.Devices;

/// <summary>
/// One boot's clock, derived from the simulation's: uptime counts from the boot (a reset starts it at zero
/// again, as Environment.TickCount64 does on the chip), and the wall clock is the simulation's plus the
/// device's skew (an injected fault). The datasheet waits drivers ask for are recorded, not slept: boot
/// timing is not what the simulator models, and a test's virtual time must not be stalled by real sleeps.
/// </summary>
public sealed class DeviceClock(SimulationTime time, TimeSpan bootedAt, Func<TimeSpan> skew) : IClock, IDelay
{
    public TimeSpan BootedAt { get; } = bootedAt;

    public long UptimeMilliseconds => (long)(time.Now - BootedAt).TotalMilliseconds;

    public long UnixMilliseconds => (time.UtcNow + skew()).ToUnixTimeMilliseconds();

    /// <summary>The blocking waits drivers asked for (milliseconds), in order.</summary>
    public ConcurrentQueue<int> Delays { get; } = new();

    public void Milliseconds(int milliseconds) => Delays.Enqueue(milliseconds);
}
