namespace O2O.Firmware.Core
{
    /// <summary>What the device reports about itself and asks of the chip: health figures, reboot, watchdog.</summary>
    public interface IPlatform
    {
        long FreeMemoryBytes { get; }

        /// <summary>power_on, watchdog, brownout, software, panic or unknown.</summary>
        string ResetReason { get; }

        /// <summary>Wi-Fi signal in dBm; 0 when not connected.</summary>
        int WifiRssi { get; }

        /// <summary>Called from every main-loop pass: a loop that stops calling it gets the device reset.</summary>
        void FeedWatchdog();

        /// <summary>Restarts the device; the core has flushed what it can before calling it.</summary>
        void Reboot();
    }
}
