using O2O.Protocol.Json;

namespace O2O.Protocol
{
    /// <summary>
    /// Health a device attaches to its heartbeat. One instance is reused by the device, so a heartbeat
    /// allocates nothing; fields are plain numbers and constant strings.
    /// </summary>
    public sealed class HealthReport
    {
        public long UptimeSeconds { get; set; }

        public long FreeMemoryBytes { get; set; }

        /// <summary>Why the chip last reset: power_on, watchdog, brownout, software, panic, unknown.</summary>
        public string ResetReason { get; set; } = "unknown";

        /// <summary>Wi-Fi signal in dBm (0 when not connected).</summary>
        public int WifiRssi { get; set; }

        public string Firmware { get; set; } = "unknown";

        public bool SafeMode { get; set; }

        public int Jams { get; set; }

        public int Tampers { get; set; }

        public int DoorsLeftOpen { get; set; }

        public int SensorFaults { get; set; }

        public int WrongItems { get; set; }

        public int LinkDrops { get; set; }

        public int EventsDropped { get; set; }

        public void WriteTo(JsonWriter writer)
        {
            writer.BeginObject();
            writer.Property("up", UptimeSeconds);
            writer.Property("mem", FreeMemoryBytes);
            writer.Property("rst", ResetReason);
            writer.Property("rssi", WifiRssi);
            writer.Property("fw", Firmware);
            writer.Property("safe", SafeMode);
            writer.Name("faults");
            writer.BeginObject();
            writer.Property("jam", Jams);
            writer.Property("tamper", Tampers);
            writer.Property("door", DoorsLeftOpen);
            writer.Property("sensor", SensorFaults);
            writer.Property("wrong_item", WrongItems);
            writer.Property("link", LinkDrops);
            writer.Property("dropped", EventsDropped);
            writer.EndObject();
            writer.EndObject();
        }

        /// <summary>Reads a health object whose opening brace is next. Unknown fields are skipped.</summary>
        internal static HealthReport? Read(JsonReader reader)
        {
            if (!reader.BeginObject())
            {
                return null;
            }

            var health = new HealthReport();
            while (reader.NextProperty())
            {
                long number;
                bool flag;
                string? text;
                if (reader.NameIs("up")) { reader.ReadInt64("health.up", out number); health.UptimeSeconds = number; }
                else if (reader.NameIs("mem")) { reader.ReadInt64("health.mem", out number); health.FreeMemoryBytes = number; }
                else if (reader.NameIs("rst")) { MessageEnvelope.ReadToken(reader, "health.rst", out text); health.ResetReason = text ?? "unknown"; }
                else if (reader.NameIs("rssi")) { int rssi; reader.ReadInt32("health.rssi", -150, 0, out rssi); health.WifiRssi = rssi; }
                else if (reader.NameIs("fw")) { MessageEnvelope.ReadToken(reader, "health.fw", out text); health.Firmware = text ?? ""; }
                else if (reader.NameIs("safe")) { reader.ReadBool("health.safe", out flag); health.SafeMode = flag; }
                else if (reader.NameIs("faults")) { ReadFaults(reader, health); }
                else { reader.Skip(); }
            }

            return reader.Failed ? null : health;
        }

        private static void ReadFaults(JsonReader reader, HealthReport health)
        {
            if (!reader.BeginObject())
            {
                return;
            }

            while (reader.NextProperty())
            {
                int count;
                if (!reader.NameIs("jam") && !reader.NameIs("tamper") && !reader.NameIs("door") && !reader.NameIs("sensor")
                    && !reader.NameIs("wrong_item") && !reader.NameIs("link") && !reader.NameIs("dropped"))
                {
                    reader.Skip();
                    continue;
                }

                if (!reader.ReadInt32("health.faults", 0, int.MaxValue, out count))
                {
                    return;
                }

                if (reader.NameIs("jam")) { health.Jams = count; }
                else if (reader.NameIs("tamper")) { health.Tampers = count; }
                else if (reader.NameIs("door")) { health.DoorsLeftOpen = count; }
                else if (reader.NameIs("sensor")) { health.SensorFaults = count; }
                else if (reader.NameIs("wrong_item")) { health.WrongItems = count; }
                else if (reader.NameIs("link")) { health.LinkDrops = count; }
                else { health.EventsDropped = count; }
            }
        }
    }
}
