using O2O.Protocol;

namespace O2O.Firmware.Core.Console
{
    /// <summary>
    /// Who is logged in on the console, until when, and the wrong-code lockout. Time comes in as arguments
    /// (device Unix seconds for the code's expiry, uptime milliseconds for idle and lockout, because uptime
    /// cannot be set back by a technician), so tests drive it with a fake clock and nothing ever sleeps.
    /// </summary>
    public sealed class TechnicianSession
    {
        public const long IdleTimeoutMilliseconds = 30 * 60 * 1000;

        /// <summary>Wrong codes allowed in a row before attempts are locked out.</summary>
        public const int FreeAttempts = 3;

        public const long FirstLockoutMilliseconds = 30 * 1000;
        public const long MaxLockoutMilliseconds = 15 * 60 * 1000;

        private string? _technicianId;
        private long _expiresUnixSeconds;
        private long _lastActivityMs;
        private int _consecutiveFailures;
        private long _lockedUntilMs;
        private bool _locked;

        public bool IsLoggedIn => _technicianId != null;

        public string? TechnicianId => _technicianId;

        public long ExpiresUnixSeconds => _expiresUnixSeconds;

        public long LastActivityMilliseconds => _lastActivityMs;

        public int ConsecutiveFailures => _consecutiveFailures;

        /// <summary>
        /// Ends the session if its code expired or it has been idle too long. Returns a note for the
        /// technician when it just ended, else null. Call before each command.
        /// </summary>
        public string? CheckExpiry(long nowUnixSeconds, long uptimeMs)
        {
            if (_technicianId == null)
            {
                return null;
            }

            if (uptimeMs - _lastActivityMs >= IdleTimeoutMilliseconds)
            {
                Logout();
                return "note: technician session ended after 30 min without commands";
            }

            // A clock that went back to 0 (cannot happen without a reboot, which ends the session anyway)
            // means the expiry can no longer be checked, so the session ends too.
            if (nowUnixSeconds <= 0 || nowUnixSeconds >= _expiresUnixSeconds)
            {
                Logout();
                return "note: technician session ended: the login code expired";
            }

            return null;
        }

        /// <summary>Records a command, restarting the idle timer.</summary>
        public void Touch(long uptimeMs)
        {
            _lastActivityMs = uptimeMs;
        }

        /// <summary>Milliseconds until login attempts are accepted again; 0 when not locked.</summary>
        public long LockoutRemaining(long uptimeMs)
        {
            if (!_locked || uptimeMs >= _lockedUntilMs)
            {
                return 0;
            }

            return _lockedUntilMs - uptimeMs;
        }

        /// <summary>
        /// Tries a code. Returns null when logged in, else the error text (without "error: "). During a
        /// lockout the code is not even verified, so a brute-force attempt learns nothing and costs no HMAC.
        /// </summary>
        public string? Login(string code, string deviceId, byte[] technicianKey, long nowUnixSeconds, long uptimeMs)
        {
            long remaining = LockoutRemaining(uptimeMs);
            if (remaining > 0)
            {
                return "too many wrong codes; try again in " + ((remaining + 999) / 1000).ToString() + " s";
            }

            if (technicianKey == null || technicianKey.Length == 0)
            {
                return TechnicianToken.NoKey;
            }

            string? technicianId;
            long expires;
            string? reason = TechnicianToken.Verify(code, deviceId, technicianKey, nowUnixSeconds, out technicianId, out expires);
            if (reason == TechnicianToken.ClockNotSet)
            {
                // The device's fault, not a guess: it does not count towards the lockout.
                return reason;
            }

            if (reason != null || technicianId == null)
            {
                return reason + Fail(uptimeMs);
            }

            _consecutiveFailures = 0;
            _locked = false;
            _technicianId = technicianId;
            _expiresUnixSeconds = expires;
            _lastActivityMs = uptimeMs;
            return null;
        }

        public void Logout()
        {
            _technicianId = null;
            _expiresUnixSeconds = 0;
        }

        // Counts a refused code; from the third in a row, locks for 30 s, doubling per further failure up to
        // 15 min. Returns a suffix for the error line when a lockout starts.
        private string Fail(long uptimeMs)
        {
            _consecutiveFailures++;
            if (_consecutiveFailures < FreeAttempts)
            {
                return string.Empty;
            }

            long lockout = FirstLockoutMilliseconds;
            for (int i = FreeAttempts; i < _consecutiveFailures && lockout < MaxLockoutMilliseconds; i++)
            {
                lockout *= 2;
            }

            if (lockout > MaxLockoutMilliseconds)
            {
                lockout = MaxLockoutMilliseconds;
            }

            _locked = true;
            _lockedUntilMs = uptimeMs + lockout;
            return " (login locked for " + (lockout / 1000).ToString() + " s)";
        }
    }
}
