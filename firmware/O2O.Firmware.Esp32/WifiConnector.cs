using System.Threading;
using nanoFramework.Networking;
using System.Device.Wifi;

namespace O2O.Firmware.Esp32
{
    /// <summary>
    /// Joins the site's Wi-Fi on its own thread, with growing pauses between attempts (1 s doubling to 60 s).
    /// It never touches the watchdog: only the main loop feeds it, so a hung main loop is always caught. It does
    /// not wait for internet time either: a site LAN without SNTP must still reach its edge agent (the clock is
    /// set when SNTP answers; until then QR codes and login codes cannot be checked, and the device says so).
    /// </summary>
    internal static class WifiConnector
    {
        private const int AttemptTimeoutMs = 30000;

        /// <summary>Blocks the calling (network) thread until joined.</summary>
        public static void Connect(string ssid, string password)
        {
            int pauseMs = 1000;
            while (true)
            {
                var timeout = new CancellationTokenSource(AttemptTimeoutMs);
                if (WifiNetworkHelper.ConnectDhcp(ssid, password, WifiReconnectionKind.Automatic, false, 0, timeout.Token))
                {
                    return;
                }

                Thread.Sleep(pauseMs);
                pauseMs = pauseMs * 2 > 60000 ? 60000 : pauseMs * 2;
            }
        }
    }
}
