using System.Threading;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Runtime.Native;
using O2O.Firmware.Core;

namespace O2O.Firmware.Esp32
{
    /// <summary>
    /// Health figures and reboot on the ESP32, plus a software watchdog: a timer checks that the main loop has
    /// fed it recently and reboots the chip if not (the next boot de-energises every output first).
    /// </summary>
    internal sealed class Esp32Platform : IPlatform
    {
        /// <summary>A main loop silent this long is stuck: reboot.</summary>
        private const int WatchdogTimeoutMs = 10000;
        private readonly Timer _watchdog;
        // A long is written in two halves on this 32-bit chip: the lock keeps the timer from reading half a value.
        private readonly object _gate = new object();
        private long _lastFed;

        public Esp32Platform()
        {
            _lastFed = System.Environment.TickCount64;
            _watchdog = new Timer(CheckWatchdog, null, 2000, 2000);
        }

        /// <summary>Set by the Wi-Fi code after each connection; the managed API exposes the RSSI only from scans.</summary>
        public int WifiRssi { get; set; }

        public long FreeMemoryBytes
        {
            get
            {
                uint total;
                uint free;
                uint largest;
                NativeMemory.GetMemoryInfo(NativeMemory.MemoryType.Internal, out total, out free, out largest);
                return free;
            }
        }

        /// <summary>nanoFramework 1.x exposes no reset cause to managed code, so this says so plainly.</summary>
        public string ResetReason { get { return "unknown"; } }

        public void FeedWatchdog()
        {
            lock (_gate)
            {
                _lastFed = System.Environment.TickCount64;
            }
        }

        public void Reboot()
        {
            // M2Mqtt sends from its own queue: give the last acks and events a moment on the wire.
            Thread.Sleep(1000);
            Power.RebootDevice();
        }

        private void CheckWatchdog(object state)
        {
            long lastFed;
            lock (_gate)
            {
                lastFed = _lastFed;
            }

            if (System.Environment.TickCount64 - lastFed > WatchdogTimeoutMs)
            {
                Power.RebootDevice();
            }
        }
    }
}
