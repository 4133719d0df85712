using System;
using O2O.Firmware.Core;
using O2O.Firmware.Drivers;

namespace O2O.Firmware.Esp32
{
    /// <summary>
    /// Time on the chip: uptime from Environment.TickCount64 (nanoFramework.Runtime.Native), wall time from the
    /// SNTP-set UTC clock. Until SNTP has run the RTC reads some day in 1970-2000; the core treats 0 as "no time yet".
    /// </summary>
    internal sealed class Esp32Clock : IClock, IDelay
    {
        private static readonly long UnixEpochTicks = new DateTime(1970, 1, 1).Ticks;
        private static readonly long PlausibleSince = new DateTime(2025, 1, 1).Ticks;

        public long UptimeMilliseconds { get { return Environment.TickCount64; } }

        public long UnixMilliseconds
        {
            get
            {
                long ticks = DateTime.UtcNow.Ticks;
                return ticks < PlausibleSince ? 0 : (ticks - UnixEpochTicks) / TimeSpan.TicksPerMillisecond;
            }
        }

        public void Milliseconds(int milliseconds)
        {
            System.Threading.Thread.Sleep(milliseconds);
        }
    }
}
