
namespace O2O.Protocol
{
    /// <summary>
    /// The login code a field technician types into a device's serial console:
    /// <c>{technicianId}.{expiresUnixSeconds}.{mac}</c>, where mac is the first 10 bytes (20 lowercase hex
    /// characters) of HMAC-SHA256(technicianKey, "tech|" + deviceId + "|" + technicianId + "|" + expires).
    /// The cloud mints codes with <see cref="Build"/>; the device checks them offline with <see cref="Verify"/>.
    /// The device id is inside the MAC, so a code works on one device only; the key is per device too.
    /// The text uses only [A-Za-z0-9_.-] so it survives any terminal and fits one console line.
    /// </summary>
    public static class TechnicianToken
    {
        /// <summary>Hex characters of the MAC: 80 bits. Online guessing is rate limited by the console, so this is ample and still short to type.</summary>
        public const int MacHexLength = 20;

        public const int MaxTechnicianIdLength = 32;

        /// <summary>Codes valid for longer than this are refused: a leaked code must not stay useful for days.</summary>
        public const long MaxValiditySeconds = 24 * 60 * 60;

        /// <summary>Longest well-formed code: id, dot, at most 12 expiry digits, dot, MAC.</summary>
        public const int MaxLength = MaxTechnicianIdLength + 1 + 12 + 1 + MacHexLength;

        // Verify's reasons. Constants, so callers can tell them apart (for example, a clock problem is not a wrong guess).
        public const string ClockNotSet = "device clock not set; cannot check the code";
        public const string Malformed = "malformed code (expected <technician>.<expires>.<mac>)";
        public const string WrongCode = "wrong code";
        public const string Expired = "code expired";
        public const string TooFarAhead = "code expires too far in the future (at most 24 h)";
        public const string NoKey = "no technician key on this device";

        /// <summary>Mints a code. Returns null when the technician id is not 1-32 of [A-Za-z0-9_-] or the key is empty.</summary>
        public static string? Build(string technicianId, long expiresUnixSeconds, string deviceId, byte[] technicianKey)
        {
            if (!IsValidTechnicianId(technicianId) || expiresUnixSeconds <= 0 || technicianKey == null || technicianKey.Length == 0 || deviceId == null)
            {
                return null;
            }

            string expires = expiresUnixSeconds.ToString();
            return technicianId + "." + expires + "." + Mac(technicianKey, deviceId, technicianId, expires);
        }

        /// <summary>
        /// Checks a code for this device. Returns null when it is valid now, else one of the reason constants
        /// above. The technician id and expiry come out only when the code is valid, so nothing unauthenticated
        /// is ever acted on. The MAC is checked before the expiry so an unauthenticated code learns nothing.
        /// </summary>
        public static string? Verify(string token, string deviceId, byte[] technicianKey, long nowUnixSeconds, out string? technicianId, out long expiresUnixSeconds)
        {
            technicianId = null;
            expiresUnixSeconds = 0;
            if (technicianKey == null || technicianKey.Length == 0 || deviceId == null)
            {
                return NoKey;
            }

            if (nowUnixSeconds <= 0)
            {
                return ClockNotSet;
            }

            if (token == null || token.Length > MaxLength)
            {
                return Malformed;
            }

            int firstDot = token.IndexOf('.');
            int secondDot = firstDot < 0 ? -1 : token.IndexOf('.', firstDot + 1);
            if (secondDot < 0 || token.IndexOf('.', secondDot + 1) >= 0)
            {
                return Malformed;
            }

            string id = token.Substring(0, firstDot);
            string expiresText = token.Substring(firstDot + 1, secondDot - firstDot - 1);
            string mac = token.Substring(secondDot + 1).ToLower();
            if (!IsValidTechnicianId(id) || !IsDecimal(expiresText) || mac.Length != MacHexLength)
            {
                return Malformed;
            }

            // The MAC is recomputed over the expiry text exactly as typed, so "0100" and "100" never share a MAC.
            if (!TruncatedMac.FixedTimeEquals(mac, Mac(technicianKey, deviceId, id, expiresText)))
            {
                return WrongCode;
            }

            long expires = long.Parse(expiresText);
            if (nowUnixSeconds >= expires)
            {
                return Expired;
            }

            if (expires - nowUnixSeconds > MaxValiditySeconds)
            {
                return TooFarAhead;
            }

            technicianId = id;
            expiresUnixSeconds = expires;
            return null;
        }

        /// <summary>1-32 characters of [A-Za-z0-9_-]: safe in the code (no dots), in logs and in journal entries.</summary>
        public static bool IsValidTechnicianId(string id)
        {
            if (id == null || id.Length == 0 || id.Length > MaxTechnicianIdLength)
            {
                return false;
            }

            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        // 1-12 digits, no sign: 12 digits cannot overflow a long, and Unix seconds need 10 until the year 2286.
        private static bool IsDecimal(string s)
        {
            if (s.Length == 0 || s.Length > 12)
            {
                return false;
            }

            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] < '0' || s[i] > '9')
                {
                    return false;
                }
            }

            return true;
        }

        private static string Mac(byte[] key, string deviceId, string technicianId, string expires)
        {
            return TruncatedMac.Compute(key, "tech|" + deviceId + "|" + technicianId + "|" + expires, MacHexLength);
        }
    }
}
