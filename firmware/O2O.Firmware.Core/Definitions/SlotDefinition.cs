namespace O2O.Firmware.Core.Definitions
{
    /// <summary>The board functions one slot uses. Door and item are null where the kind has none (umbrella slots have no door).</summary>
    public sealed class SlotDefinition
    {
        public SlotDefinition(string latch, string? door, string? item)
        {
            Latch = latch;
            Door = door;
            Item = item;
        }

        public string Latch { get; }

        public string? Door { get; }

        public string? Item { get; }
    }

    /// <summary>The hardware of a timed session: the relay that powers the chair or booth, and the emergency-stop input.</summary>
    public sealed class SessionDefinition
    {
        public SessionDefinition(string relay, string emergencyStop, int defaultMinutes)
        {
            Relay = relay;
            EmergencyStop = emergencyStop;
            DefaultMinutes = defaultMinutes;
        }

        public string Relay { get; }

        public string EmergencyStop { get; }

        public int DefaultMinutes { get; }

        internal static SessionDefinition? From(O2O.Protocol.Json.JsonReader reader, System.Collections.Hashtable map)
        {
            string? relay = map["relay"] as string;
            string? estop = map["estop"] as string;
            if (relay == null || estop == null || !map.Contains("defaultMinutes"))
            {
                reader.Fail(O2O.Protocol.DecodeStatus.MissingField, "session: relay, estop and defaultMinutes are required");
                return null;
            }

            return new SessionDefinition(relay, estop, (int)map["defaultMinutes"]!);
        }
    }
}
