using O2O.Firmware.Core;
using O2O.Firmware.Drivers;

namespace O2O.Firmware.Drivers.Tests.Support;

internal sealed class TestClock : IClock, IDelay
{
    public long UptimeMilliseconds { get; set; }

    public long UnixMilliseconds => 1_800_000_000_000 + UptimeMilliseconds;

    public List<int> Delays { get; } = [];

    public void Advance(long milliseconds) => UptimeMilliseconds += milliseconds;

    /// <summary>A datasheet wait: recorded and passed in virtual time, never slept.</summary>
    public void Milliseconds(int milliseconds)
    {
        Delays.Add(milliseconds);
        UptimeMilliseconds += milliseconds;
    }
}
