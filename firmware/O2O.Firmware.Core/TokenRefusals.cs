namespace O2O.Firmware.Core
{
    /// <summary>
    /// Why <see cref="DeviceController.PresentToken"/> did not forward a token. Machine-readable, so each front end
    /// (the console's <c>redeem</c> today, a BLE service later) can put them in its own words.
    /// </summary>
    public static class TokenRefusals
    {
        /// <summary>Not 1-400 characters of [A-Za-z0-9_-]: no short code or phone token looks like that.</summary>
        public const string BadToken = "bad_token";

        /// <summary>The slot asked for does not exist on this device.</summary>
        public const string UnknownSlot = "unknown_slot";

        /// <summary>The link to the site's edge agent is down (or still sending older events): nothing is queued for later.</summary>
        public const string Offline = "offline";

        /// <summary>The device is in safe mode, where no latch moves: a token sent now could be used up for nothing.</summary>
        public const string SafeMode = "safe_mode";
    }
}
