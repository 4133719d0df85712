using System.Collections;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Firmware.Core.Definitions
{
    /// <summary>Timings of a device model, in milliseconds unless the name says otherwise.</summary>
    public sealed class DeviceTimings
    {
        /// <summary>How long one unlock pulse energises the latch coil.</summary>
        public int LatchPulseMs { get; set; } = 400;

        /// <summary>Longest the coil may ever be energised in one go: the latch driver cuts it off here whatever the caller asks.</summary>
        public int LatchMaxOnMs { get; set; } = 800;

        /// <summary>Rest between two pulses of the same coil, so it can cool.</summary>
        public int LatchCooldownMs { get; set; } = 1500;

        /// <summary>How long after a pulse the door switch must report open before the attempt counts as jammed.</summary>
        public int OpenTimeoutMs { get; set; } = 3000;

        /// <summary>Door open this long after a rental or return: reminder beeps.</summary>
        public int DoorReminderMs { get; set; } = 30000;

        /// <summary>Door open this long: an escalation event for the operator.</summary>
        public int DoorEscalateMs { get; set; } = 120000;

        /// <summary>How long two sensors may disagree before it is reported (switches and tag readers settle at different speeds).</summary>
        public int SensorSettleMs { get; set; } = 2000;

        public int ReserveMaxMinutes { get; set; } = 15;

        public int QrLifetimeSeconds { get; set; } = 300;

        public int HeartbeatSeconds { get; set; } = 60;

        /// <summary>Warning beeps this long before a timed session ends.</summary>
        public int SessionWarningSeconds { get; set; } = 60;

        internal static DeviceTimings From(JsonReader reader, Hashtable map)
        {
            var t = new DeviceTimings();
            t.LatchPulseMs = DefinitionReader.Number(reader, map, "timings", "latchPulseMs", 50, 2000);
            t.LatchMaxOnMs = DefinitionReader.Number(reader, map, "timings", "latchMaxOnMs", 50, 3000);
            t.LatchCooldownMs = DefinitionReader.Number(reader, map, "timings", "latchCooldownMs", 0, 60000);
            t.OpenTimeoutMs = DefinitionReader.Number(reader, map, "timings", "openTimeoutMs", 100, 60000);
            t.DoorReminderMs = DefinitionReader.Number(reader, map, "timings", "doorReminderMs", 1000, 3600000);
            t.DoorEscalateMs = DefinitionReader.Number(reader, map, "timings", "doorEscalateMs", 1000, 3600000);
            t.SensorSettleMs = DefinitionReader.Number(reader, map, "timings", "sensorSettleMs", 0, 60000);
            t.ReserveMaxMinutes = DefinitionReader.Number(reader, map, "timings", "reserveMaxMinutes", 1, 24 * 60);
            t.QrLifetimeSeconds = DefinitionReader.Number(reader, map, "timings", "qrLifetimeSeconds", 30, 24 * 3600);
            t.HeartbeatSeconds = DefinitionReader.Number(reader, map, "timings", "heartbeatSeconds", 5, 3600);
            t.SessionWarningSeconds = DefinitionReader.Number(reader, map, "timings", "sessionWarningSeconds", 0, 3600);
            if (!reader.Failed && t.LatchPulseMs > t.LatchMaxOnMs)
            {
                reader.Fail(DecodeStatus.InvalidValue, "timings.latchPulseMs: longer than latchMaxOnMs");
            }

            if (!reader.Failed && t.DoorEscalateMs <= t.DoorReminderMs)
            {
                reader.Fail(DecodeStatus.InvalidValue, "timings.doorEscalateMs: must come after doorReminderMs");
            }

            return t;
        }
    }

    /// <summary>Sizes and counts that bound the device's memory and behaviour.</summary>
    public sealed class DeviceLimits
    {
        public int EventBuffer { get; set; } = 64;

        public int RecentCommands { get; set; } = 32;

        /// <summary>Consecutive boots that end before the device is healthy; one more and it starts in safe mode.</summary>
        public int MaxFailedBoots { get; set; } = 3;

        /// <summary>Longest timed session, after extensions (0 for devices without sessions).</summary>
        public int MaxSessionMinutes { get; set; }

        internal static DeviceLimits From(JsonReader reader, Hashtable map)
        {
            var l = new DeviceLimits();
            l.EventBuffer = DefinitionReader.Number(reader, map, "limits", "eventBuffer", 8, 512);
            l.RecentCommands = DefinitionReader.Number(reader, map, "limits", "recentCommands", 4, 256);
            l.MaxFailedBoots = DefinitionReader.Number(reader, map, "limits", "maxFailedBoots", 1, 20);
            l.MaxSessionMinutes = DefinitionReader.Number(reader, map, "limits", "maxSessionMinutes", 0, DeviceCommand.MaxMinutes);
            return l;
        }
    }
}
