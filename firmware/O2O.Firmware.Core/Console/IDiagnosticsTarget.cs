namespace O2O.Firmware.Core.Console
{
    /// <summary>
    /// What the serial diagnostics console can see and do on the device. The device implements it; the
    /// console only parses, checks privileges and formats. Every method returns text for the technician;
    /// methods that can fail return null on success or a one-line error. None may throw on bad input.
    /// </summary>
    public interface IDiagnosticsTarget
    {
        string DeviceId { get; }

        /// <summary>Firmware version and build, e.g. "0.2.0 (o2o-ctrl-1, powerbank)".</summary>
        string Version { get; }

        /// <summary>Wall clock, Unix seconds; 0 while the device has no time (login then cannot be checked).</summary>
        long UnixSeconds { get; }

        /// <summary>Monotonic milliseconds since boot, for rate limiting.</summary>
        long UptimeMilliseconds { get; }

        /// <summary>Per-device technician key (HMAC), used to verify login codes offline. Never printed.</summary>
        byte[] TechnicianKey { get; }

        /// <summary>Multi-line status: kind, state, safe mode, uptime, memory, faults, link.</summary>
        string DescribeStatus();

        /// <summary>How many slots the device has (0 for a device with only a timed session).</summary>
        int SlotCount { get; }

        /// <summary>One line per slot (or the session, for timed devices).</summary>
        string DescribeSlots();

        /// <summary>Detail of one slot; null when there is no such slot.</summary>
        string? DescribeSlot(int slot);

        /// <summary>The most recent events, newest last, at most <paramref name="max"/>.</summary>
        string DescribeEvents(int max);

        /// <summary>Wi-Fi, broker and link state (never secrets).</summary>
        string DescribeNetwork();

        /// <summary>The QR payload shown now, or a line saying none is shown.</summary>
        string DescribeQr();

        /// <summary>Names of the settable configuration keys, in display order.</summary>
        string[] ConfigKeys { get; }

        /// <summary>True for keys whose value is never shown (Wi-Fi password, broker secret, device secrets).</summary>
        bool IsSecret(string key);

        /// <summary>The value of a non-secret key (for a secret key: "(set)" or "(not set)"); null for an unknown key.</summary>
        string? GetConfig(string key);

        /// <summary>Validates and stores a value; null on success, else why it was refused.</summary>
        string? SetConfig(string key, string value);

        /// <summary>
        /// True when the key needs a technician login to set (secrets, device id). A freshly flashed device has no
        /// technician key yet, so nobody could log in: until the first one is set, provisioning needs no login.
        /// </summary>
        bool IsPrivilegedKey(string key);

        /// <summary>Checks sensors, beeper and storage; with <paramref name="moveLatches"/> also pulses each idle latch. Returns the report.</summary>
        string SelfTest(bool moveLatches);

        /// <summary>Plays a named pattern or an RTTTL melody; null on success, else why not.</summary>
        string? Beep(string patternOrRtttl);

        /// <summary>Sets the console log level (error, warn, info, debug); null on success.</summary>
        string? SetLogLevel(string level);

        /// <summary>Opens a slot for maintenance by a logged-in technician (journaled as a technician unlock); null on success.</summary>
        string? TechnicianUnlock(int slot, string technicianId);

        /// <summary>
        /// Forwards a customer's offline unlock code to the site's edge agent, for <paramref name="slot"/> or, with -1,
        /// any free slot. Null when sent, else a machine-readable reason from <see cref="TokenRefusals"/> (the console
        /// words it). The code is a bearer secret until used: never log or echo it.
        /// </summary>
        string? PresentToken(string token, int slot);

        /// <summary>Erases configuration and secrets, then reboots; null when accepted.</summary>
        string? FactoryReset();

        /// <summary>Reboots after the current line's answer is written.</summary>
        void RequestReboot();
    }
}
