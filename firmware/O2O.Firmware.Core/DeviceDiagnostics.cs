using System.Text;
using O2O.Firmware.Core.Config;
using O2O.Firmware.Core.Console;
using O2O.Firmware.Core.Sessions;
using O2O.Firmware.Core.Slots;

namespace O2O.Firmware.Core
{
    /// <summary>The device as the serial console sees it: descriptions for people, and the few actions a technician may take.</summary>
    public sealed class DeviceDiagnostics : IDiagnosticsTarget
    {
        private readonly DeviceController _device;
        private string _logLevel = "info";

        public DeviceDiagnostics(DeviceController device)
        {
            _device = device;
            _logLevel = device.Config.LogLevel;
        }

        public string DeviceId { get { return _device.DeviceId; } }

        public string Version
        {
            get { return _device.FirmwareVersion + " (" + _device.Definition.Board + ", " + _device.Definition.Model + ")"; }
        }

        public long UnixSeconds { get { return _device.Clock.UnixMilliseconds / 1000; } }

        public long UptimeMilliseconds { get { return _device.Clock.UptimeMilliseconds; } }

        public byte[] TechnicianKey { get { return _device.Config.TechnicianKey; } }

        public string[] ConfigKeys { get { return Config.ConfigKeys.All; } }

        /// <summary>The level set from the console; the app's log sink reads it.</summary>
        public string LogLevel { get { return _logLevel; } }

        public string DescribeStatus()
        {
            var text = new StringBuilder();
            text.Append("device   ").Append(_device.DeviceId).Append(" (").Append(_device.Definition.Kind).Append(")\r\n");
            text.Append("firmware ").Append(Version).Append("\r\n");
            text.Append("boot     ").Append(_device.BootId).Append(", reset ").Append(_device.Platform.ResetReason)
                .Append(_device.SafeMode ? ", SAFE MODE" : "").Append("\r\n");
            text.Append("uptime   ").Append(_device.Clock.UptimeMilliseconds / 1000).Append(" s\r\n");
            text.Append("memory   ").Append(_device.Platform.FreeMemoryBytes).Append(" bytes free\r\n");
            text.Append("link     ").Append(_device.Link.IsConnected ? "connected" : "down")
                .Append(", ").Append(_device.Events.PendingCount).Append(" events waiting\r\n");
            O2O.Protocol.HealthReport health = _device.Events.Health;
            text.Append("faults   jam=").Append(health.Jams).Append(" tamper=").Append(health.Tampers)
                .Append(" door=").Append(health.DoorsLeftOpen).Append(" sensor=").Append(health.SensorFaults)
                .Append(" wrong_item=").Append(health.WrongItems).Append(" link=").Append(health.LinkDrops)
                .Append(" dropped=").Append(health.EventsDropped).Append("\r\n");
            return text.ToString();
        }

        public string DescribeSlots()
        {
            var text = new StringBuilder();
            for (int i = 0; i < _device.SlotCount; i++)
            {
                text.Append(DescribeSlot(i));
            }

            SessionController? session = _device.Session;
            if (session != null)
            {
                text.Append("session: ").Append(SessionName(session.State));
                if (session.State == SessionState.Running)
                {
                    text.Append(", ").Append(session.SecondsLeft(_device.Clock.UptimeMilliseconds)).Append(" s left, order ").Append(session.OrderId);
                }

                text.Append("\r\n");
            }

            return text.Length == 0 ? "no slots\r\n" : text.ToString();
        }

        public string? DescribeSlot(int slot)
        {
            if (slot < 0 || slot >= _device.SlotCount)
            {
                return null;
            }

            SlotController s = _device.Slot(slot);
            var text = new StringBuilder();
            text.Append("slot ").Append(slot).Append(": ").Append(SlotNames.State(s.State));
            if (s.HasDoor) { text.Append(", door ").Append(s.Hardware.DoorOpen ? "open" : "closed"); }
            if (s.HasItemSwitch) { text.Append(", item ").Append(s.Hardware.ItemPresent ? (s.Hardware.ItemId ?? "present, no tag") : "none"); }
            if (s.Latch.Energised) { text.Append(", LATCH ON"); }
            if (s.OrderId != null) { text.Append(", order ").Append(s.OrderId); }
            if (s.FaultCode != null) { text.Append(", fault ").Append(s.FaultCode); }
            long left = s.ReservationSecondsLeft(_device.Clock.UptimeMilliseconds);
            if (left > 0) { text.Append(", reserved ").Append(left).Append(" s"); }
            return text.Append("\r\n").ToString();
        }

        public string DescribeEvents(int max)
        {
            string log = _device.Events.Log.Describe(max);
            return log.Length == 0 ? "no events yet\r\n" : log;
        }

        public string DescribeNetwork()
        {
            DeviceConfig config = _device.Config;
            return "wifi     " + (config.Describe(Config.ConfigKeys.WifiSsid) ?? "") + ", rssi " + _device.Platform.WifiRssi.ToString() + " dBm\r\n"
                + "broker   " + (config.Describe(Config.ConfigKeys.BrokerHost) ?? "") + ":" + (config.Describe(Config.ConfigKeys.BrokerPort) ?? "")
                + " tls " + (config.Describe(Config.ConfigKeys.BrokerTls) ?? "") + "\r\n"
                + "link     " + (_device.Link.IsConnected ? "connected" : "down") + "\r\n";
        }

        public string DescribeQr()
        {
            return (_device.QrPayload ?? "no QR code shown (nothing to sell, or safe mode)") + "\r\n";
        }

        public bool IsSecret(string key) { return Config.ConfigKeys.IsSecret(key); }

        // Trust on first use: until a technician key exists, the technician provisioning the device in the field
        // must be able to set it (and the other secrets) without the login that the key itself enables.
        public bool IsPrivilegedKey(string key) { return Config.ConfigKeys.IsPrivileged(key) && TechnicianKey.Length > 0; }

        public int SlotCount { get { return _device.SlotCount; } }

        public string? GetConfig(string key) { return _device.Config.Describe(key); }

        public string? SetConfig(string key, string value)
        {
            if (!Config.ConfigKeys.IsKnown(key))
            {
                return "unknown key '" + key + "'";
            }

            string? problem = _device.Config.Set(key, value);
            return problem == null ? null : key + ": " + problem;
        }

        public string SelfTest(bool moveLatches) { return _device.RunSelfTest(moveLatches); }

        public string? Beep(string patternOrRtttl)
        {
            return _device.Beeper.Play(patternOrRtttl) ? null : "unknown pattern or bad RTTTL melody";
        }

        public string? SetLogLevel(string level)
        {
            string? problem = Config.ConfigKeys.Check(Config.ConfigKeys.LogLevel, level);
            if (problem != null)
            {
                return "log level " + problem;
            }

            _logLevel = level;
            return null;
        }

        public string? TechnicianUnlock(int slot, string technicianId) { return _device.TechnicianUnlock(slot, technicianId); }

        public string? PresentToken(string token, int slot) { return _device.PresentToken(token, slot); }

        public string? FactoryReset()
        {
            _device.Config.FactoryReset();
            _device.RequestReboot();
            return null;
        }

        public void RequestReboot() { _device.RequestReboot(); }

        private static string SessionName(SessionState state)
        {
            switch (state)
            {
                case SessionState.Running: return "running";
                case SessionState.Stopped: return "emergency stop";
                default: return "idle";
            }
        }
    }
}
