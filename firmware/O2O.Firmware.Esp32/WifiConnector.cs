using System.Threading;
using nanoFramework.Networking;
using System.Device.Wifi;

namespace O2O.Firmware.Esp32
{
    /// <summary>
    /// Joins the site's Wi-Fi with growing pauses between attempts (1 s doubling to 60 s), and asks for SNTP
    /// time, which QR expiry and technician login codes need. The helper keeps reconnecting by itself once joined.
    /// </summary>
    internal static class WifiConnector
    {
        private const int AttemptTimeoutMs = 30000;

        /// <summary>Blocks until connected, feeding the watchdog between attempts through <paramref name="stillAlive"/>.</summary>
        public static void Connect(string ssid, string password, Esp32Platform stillAlive)
        {
            int pauseMs = 1000;
            while (true)
            {
                stillAlive.FeedWatchdogFor(AttemptTimeoutMs);
                var timeout = new CancellationTokenSource(AttemptTimeoutMs);
                if (WifiNetworkHelper.ConnectDhcp(ssid, password, WifiReconnectionKind.Automatic, true, 0, timeout.Token))
                {
                    return;
                }

                for (int waited = 0; waited < pauseMs; waited += 1000)
                {
                    stillAlive.FeedWatchdog();
                    Thread.Sleep(1000);
                }

                pauseMs = pauseMs * 2 > 60000 ? 60000 : pauseMs * 2;
            }
        }
    }
}
