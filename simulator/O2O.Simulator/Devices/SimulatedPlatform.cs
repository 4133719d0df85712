using O2O.Firmware.Core;

namespace O2O.Simulator.Devices;

/// <summary>
/// The chip as a virtual device reports it. A reboot the core asks for is noted here; the device loop acts
/// on it after the current pass, as the ESP32 resets the chip.
/// </summary>
public sealed class SimulatedPlatform : IPlatform
{
    /// <summary>The signal strength a connected device reports.</summary>
    public const int ConnectedRssi = -58;
    private int _pendingReboots;

    public long FreeMemoryBytes { get; set; } = 96 * 1024;

    /// <summary>Why the chip last reset: power_on, brownout, software (set at each boot).</summary>
    public string ResetReason { get; set; } = "power_on";

    public int WifiRssi { get; set; } = ConnectedRssi;

    public long WatchdogFeeds { get; private set; }

    public int RebootRequests { get; private set; }

    public void FeedWatchdog() => WatchdogFeeds++;

    public void Reboot()
    {
        RebootRequests++;
        Interlocked.Increment(ref _pendingReboots);
    }

    /// <summary>True once for each reboot the core asked for.</summary>
    public bool TakeRebootRequest() => Interlocked.Exchange(ref _pendingReboots, 0) > 0;
}
