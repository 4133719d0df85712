using O2O.Firmware.Core;

namespace O2O.Simulator.Devices;

/// <summary>The chip as a virtual device reports it. Reboot requests are recorded for the simulator to act on.</summary>
public sealed class SimulatedPlatform : IPlatform
{
    public long FreeMemoryBytes { get; set; } = 96 * 1024;

    public string ResetReason { get; set; } = "power_on";

    public int WifiRssi { get; set; } = -58;

    public long WatchdogFeeds { get; private set; }

    public int RebootRequests { get; private set; }

    public void FeedWatchdog() => WatchdogFeeds++;

    public void Reboot() => RebootRequests++;
}
