namespace O2O.Firmware.Core
{
    /// <summary>
    /// Time as the device sees it. Every timeout in the firmware reads this, so tests and the simulator
    /// run in virtual time instead of sleeping.
    /// </summary>
    public interface IClock
    {
        /// <summary>Monotonic milliseconds since boot; never goes backwards (Environment.TickCount64 on the device).</summary>
        long UptimeMilliseconds { get; }

        /// <summary>Wall clock, Unix milliseconds; 0 until the device has synchronised time.</summary>
        long UnixMilliseconds { get; }
    }
}
