namespace O2O.Firmware.Esp32
{
    /// <summary>
    /// The board and device definitions, compiled into the firmware image (nanoFramework has no content files
    /// to deploy beside it). They must equal firmware/definitions/*.json byte for byte; a repository test
    /// compares them, so the firmware can never run a pin map the schematic check has not seen.
    /// </summary>
    internal static class EmbeddedDefinitions
    {
        /// <summary>firmware/definitions/board-o2o-ctrl-1.json</summary>
        public const string BoardO2oCtrl1 = """
{
  "v": 1,
  "board": "o2o-ctrl-1",
  "mcu": "ESP32-WROOM-32E",
  "outputs": { "OUT1": 13, "OUT2": 25, "OUT3": 26, "OUT4": 27, "BEEP": 19, "STATUS_LED": 2, "TFT_CS": 5, "TFT_DC": 15 },
  "inputs": { "IN1": 34, "IN2": 35, "IN3": 36, "IN4": 39, "IN5": 32, "IN6": 33, "IN7": 14, "IN8": 4 },
  "buses": { "I2C_SDA": 21, "I2C_SCL": 22, "SPI_SCK": 18, "SPI_MOSI": 23, "CONSOLE_TX": 17, "CONSOLE_RX": 16 }
}
""";

        /// <summary>firmware/definitions/karaoke-booth.json</summary>
        public const string KaraokeBooth = """
{
  "v": 1,
  "model": "karaoke-booth",
  "kind": "karaoke",
  "board": "o2o-ctrl-1",
  "display": "st7789",
  "slots": [
    { "latch": "OUT1", "door": "IN1" }
  ],
  "session": { "relay": "OUT2", "estop": "IN2", "defaultMinutes": 30 },
  "timings": { "latchPulseMs": 500, "latchMaxOnMs": 1000, "latchCooldownMs": 2000, "openTimeoutMs": 5000,
               "doorReminderMs": 60000, "doorEscalateMs": 300000, "sensorSettleMs": 2000, "reserveMaxMinutes": 15,
               "qrLifetimeSeconds": 300, "heartbeatSeconds": 60, "sessionWarningSeconds": 120 },
  "limits": { "eventBuffer": 64, "recentCommands": 32, "maxFailedBoots": 3, "maxSessionMinutes": 180 }
}
""";

        /// <summary>firmware/definitions/locker-4.json</summary>
        public const string Locker4 = """
{
  "v": 1,
  "model": "locker-4",
  "kind": "locker",
  "board": "o2o-ctrl-1",
  "display": "st7789",
  "slots": [
    { "latch": "OUT1", "door": "IN1", "item": "IN5" },
    { "latch": "OUT2", "door": "IN2", "item": "IN6" },
    { "latch": "OUT3", "door": "IN3", "item": "IN7" },
    { "latch": "OUT4", "door": "IN4", "item": "IN8" }
  ],
  "timings": { "latchPulseMs": 500, "latchMaxOnMs": 1000, "latchCooldownMs": 2000, "openTimeoutMs": 3000,
               "doorReminderMs": 60000, "doorEscalateMs": 300000, "sensorSettleMs": 2000, "reserveMaxMinutes": 60,
               "qrLifetimeSeconds": 300, "heartbeatSeconds": 60, "sessionWarningSeconds": 60 },
  "limits": { "eventBuffer": 64, "recentCommands": 32, "maxFailedBoots": 3, "maxSessionMinutes": 0 }
}
""";

        /// <summary>firmware/definitions/massage-chair.json</summary>
        public const string MassageChair = """
{
  "v": 1,
  "model": "massage-chair",
  "kind": "massage_chair",
  "board": "o2o-ctrl-1",
  "display": "st7789",
  "slots": [],
  "session": { "relay": "OUT1", "estop": "IN1", "defaultMinutes": 10 },
  "timings": { "latchPulseMs": 400, "latchMaxOnMs": 800, "latchCooldownMs": 1500, "openTimeoutMs": 3000,
               "doorReminderMs": 30000, "doorEscalateMs": 120000, "sensorSettleMs": 2000, "reserveMaxMinutes": 15,
               "qrLifetimeSeconds": 300, "heartbeatSeconds": 60, "sessionWarningSeconds": 60 },
  "limits": { "eventBuffer": 64, "recentCommands": 32, "maxFailedBoots": 3, "maxSessionMinutes": 60 }
}
""";

        /// <summary>firmware/definitions/powerbank-4.json</summary>
        public const string Powerbank4 = """
{
  "v": 1,
  "model": "powerbank-4",
  "kind": "powerbank",
  "board": "o2o-ctrl-1",
  "display": "ssd1306",
  "itemPrefix": "PB-",
  "slots": [
    { "latch": "OUT1", "door": "IN1", "item": "IN5" },
    { "latch": "OUT2", "door": "IN2", "item": "IN6" },
    { "latch": "OUT3", "door": "IN3", "item": "IN7" },
    { "latch": "OUT4", "door": "IN4", "item": "IN8" }
  ],
  "timings": { "latchPulseMs": 400, "latchMaxOnMs": 800, "latchCooldownMs": 1500, "openTimeoutMs": 3000,
               "doorReminderMs": 30000, "doorEscalateMs": 120000, "sensorSettleMs": 2000, "reserveMaxMinutes": 15,
               "qrLifetimeSeconds": 300, "heartbeatSeconds": 60, "sessionWarningSeconds": 60 },
  "limits": { "eventBuffer": 64, "recentCommands": 32, "maxFailedBoots": 3, "maxSessionMinutes": 0 }
}
""";

        /// <summary>firmware/definitions/umbrella-4.json</summary>
        public const string Umbrella4 = """
{
  "v": 1,
  "model": "umbrella-4",
  "kind": "umbrella",
  "board": "o2o-ctrl-1",
  "display": "ssd1306",
  "itemPrefix": "UM-",
  "slots": [
    { "latch": "OUT1", "item": "IN5" },
    { "latch": "OUT2", "item": "IN6" },
    { "latch": "OUT3", "item": "IN7" },
    { "latch": "OUT4", "item": "IN8" }
  ],
  "timings": { "latchPulseMs": 300, "latchMaxOnMs": 600, "latchCooldownMs": 1500, "openTimeoutMs": 5000,
               "doorReminderMs": 30000, "doorEscalateMs": 120000, "sensorSettleMs": 2000, "reserveMaxMinutes": 15,
               "qrLifetimeSeconds": 300, "heartbeatSeconds": 60, "sessionWarningSeconds": 60 },
  "limits": { "eventBuffer": 64, "recentCommands": 32, "maxFailedBoots": 3, "maxSessionMinutes": 0 }
}
""";

        /// <summary>The device definition for a model name, or null when this firmware does not carry it.</summary>
        public static string? Device(string model)
        {
            switch (model)
            {
                case "karaoke-booth": return KaraokeBooth;
                case "locker-4": return Locker4;
                case "massage-chair": return MassageChair;
                case "powerbank-4": return Powerbank4;
                case "umbrella-4": return Umbrella4;
                default: return null;
            }
        }
    }
}
