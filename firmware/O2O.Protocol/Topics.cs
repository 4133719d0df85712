namespace O2O.Protocol
{
    /// <summary>Which per-device channel a topic names.</summary>
    public enum DeviceChannel
    {
        None = 0,
        /// <summary>Retained snapshot of the device's state (device → agent).</summary>
        State = 1,
        /// <summary>Events at QoS 1, each with (boot, seq) (device → agent).</summary>
        Events = 2,
        /// <summary>Commands to the device, each with an id (agent → device).</summary>
        Commands = 3,
        /// <summary>Acks for commands, carrying the command id and outcome (device → agent).</summary>
        Acks = 4,
        /// <summary>Retained online/offline status; "offline" is the device's MQTT last will.</summary>
        Availability = 5,
    }

    /// <summary>
    /// The versioned MQTT topic tree. Per device: <c>o2o/v1/dev/{deviceId}/{state|evt|cmd|ack|avail}</c>.
    /// Per site, between edge agent and cloud: <c>o2o/v1/site/{siteId}/{up|down|avail}</c>.
    /// </summary>
    public static class Topics
    {
        public const string Root = "o2o/v1/";
        public const string DevicePrefix = "o2o/v1/dev/";
        public const string SitePrefix = "o2o/v1/site/";
        public const int MaxIdLength = 32;

        public static string State(string deviceId) { return DevicePrefix + deviceId + "/state"; }

        public static string Events(string deviceId) { return DevicePrefix + deviceId + "/evt"; }

        public static string Commands(string deviceId) { return DevicePrefix + deviceId + "/cmd"; }

        public static string Acks(string deviceId) { return DevicePrefix + deviceId + "/ack"; }

        public static string Availability(string deviceId) { return DevicePrefix + deviceId + "/avail"; }

        /// <summary>Batched telemetry from the edge agent to the cloud.</summary>
        public static string SiteUplink(string siteId) { return SitePrefix + siteId + "/up"; }

        /// <summary>Commands from the cloud to the edge agent (grants, pool refills, device commands).</summary>
        public static string SiteDownlink(string siteId) { return SitePrefix + siteId + "/down"; }

        /// <summary>Retained online/offline status of the site's agent; "offline" is its last will.</summary>
        public static string SiteAvailability(string siteId) { return SitePrefix + siteId + "/avail"; }

        /// <summary>The subscription that sees every device's upstream traffic (agent side only).</summary>
        public const string AllDevices = "o2o/v1/dev/+/+";

        /// <summary>
        /// Splits a device topic into its device id and channel. False for anything else, including
        /// wildcards, empty or overlong ids and extra levels, so a caller never acts on a half-understood topic.
        /// </summary>
        public static bool TryParseDeviceTopic(string? topic, out string? deviceId, out DeviceChannel channel)
        {
            deviceId = null;
            channel = DeviceChannel.None;
            if (topic == null || !topic.StartsWith(DevicePrefix))
            {
                return false;
            }

            int slash = topic.IndexOf('/', DevicePrefix.Length);
            if (slash < 0)
            {
                return false;
            }

            string id = topic.Substring(DevicePrefix.Length, slash - DevicePrefix.Length);
            if (!IsValidId(id))
            {
                return false;
            }

            channel = ParseChannel(topic.Substring(slash + 1));
            if (channel == DeviceChannel.None)
            {
                return false;
            }

            deviceId = id;
            return true;
        }

        /// <summary>Device and site ids: 1–32 of [A-Za-z0-9_-], so they can never smuggle a topic level or wildcard.</summary>
        public static bool IsValidId(string? id)
        {
            if (id == null || id.Length == 0 || id.Length > MaxIdLength)
            {
                return false;
            }

            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private static DeviceChannel ParseChannel(string name)
        {
            switch (name)
            {
                case "state": return DeviceChannel.State;
                case "evt": return DeviceChannel.Events;
                case "cmd": return DeviceChannel.Commands;
                case "ack": return DeviceChannel.Acks;
                case "avail": return DeviceChannel.Availability;
                default: return DeviceChannel.None;
            }
        }
    }
}
