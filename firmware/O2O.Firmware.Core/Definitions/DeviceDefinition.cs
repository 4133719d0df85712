using System.Collections;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Firmware.Core.Definitions
{
    /// <summary>
    /// One device model: its kind, display, slots and timed session mapped onto board functions, and its
    /// timings and limits. Parsed from <c>firmware/definitions/&lt;model&gt;.json</c> and checked against the board.
    /// </summary>
    public sealed class DeviceDefinition
    {
        public const string PowerBank = "powerbank";
        public const string Umbrella = "umbrella";
        public const string MassageChair = "massage_chair";
        public const string Locker = "locker";
        public const string Karaoke = "karaoke";

        public string Model { get; private set; } = "";

        public string Kind { get; private set; } = "";

        public string Board { get; private set; } = "";

        /// <summary>ssd1306 (I2C OLED) or st7789 (SPI TFT).</summary>
        public string Display { get; private set; } = "";

        /// <summary>Tag-id prefix of this operator's items; a returned item without it is foreign.</summary>
        public string ItemPrefix { get; private set; } = "";

        public SlotDefinition[] Slots { get; private set; } = new SlotDefinition[0];

        /// <summary>The timed-session hardware, or null for devices without sessions.</summary>
        public SessionDefinition? Session { get; private set; }

        public DeviceTimings Timings { get; private set; } = new DeviceTimings();

        public DeviceLimits Limits { get; private set; } = new DeviceLimits();

        public static DeviceDefinition? Parse(byte[] json, int length, BoardDefinition board, out DecodeError? error)
        {
            var reader = new JsonReader();
            reader.Reset(json, 0, length);
            var definition = new DeviceDefinition();
            Hashtable? timings = null;
            Hashtable? limits = null;
            Hashtable? session = null;
            ArrayList? slots = null;
            bool sawVersion = false;
            if (length > DefinitionReader.MaxFileBytes)
            {
                reader.Fail(DecodeStatus.Oversized, "device definition larger than " + DefinitionReader.MaxFileBytes.ToString() + " bytes");
            }
            else if (reader.BeginObject())
            {
                while (reader.NextProperty())
                {
                    string? text;
                    if (reader.NameIs("v")) { long v; sawVersion = reader.ReadInt64("v", out v) && (v == 1 || reader.Fail(DecodeStatus.WrongVersion, "v: only 1 is supported")); }
                    else if (reader.NameIs("model")) { reader.ReadString("model", out text); definition.Model = text ?? ""; }
                    else if (reader.NameIs("kind")) { reader.ReadString("kind", out text); definition.Kind = text ?? ""; }
                    else if (reader.NameIs("board")) { reader.ReadString("board", out text); definition.Board = text ?? ""; }
                    else if (reader.NameIs("display")) { reader.ReadString("display", out text); definition.Display = text ?? ""; }
                    else if (reader.NameIs("itemPrefix")) { reader.ReadString("itemPrefix", out text); definition.ItemPrefix = text ?? ""; }
                    else if (reader.NameIs("timings")) { timings = DefinitionReader.ReadNumberMap(reader, "timings"); }
                    else if (reader.NameIs("limits")) { limits = DefinitionReader.ReadNumberMap(reader, "limits"); }
                    else if (reader.NameIs("session")) { session = ReadSession(reader); }
                    else if (reader.NameIs("slots")) { slots = ReadSlots(reader); }
                    else { reader.Skip(); }
                }

                reader.End();
            }

            if (!reader.Failed)
            {
                string? missing = !sawVersion ? "v" : definition.Model.Length == 0 ? "model" : definition.Kind.Length == 0 ? "kind"
                    : timings == null ? "timings" : limits == null ? "limits" : slots == null ? "slots" : null;
                if (missing != null)
                {
                    reader.Fail(DecodeStatus.MissingField, missing + ": required");
                }
                else
                {
                    definition.Slots = (SlotDefinition[])slots!.ToArray(typeof(SlotDefinition));
                    definition.Timings = DeviceTimings.From(reader, timings!);
                    definition.Limits = DeviceLimits.From(reader, limits!);
                    if (session != null)
                    {
                        definition.Session = SessionDefinition.From(reader, session);
                    }

                    definition.Check(reader, board);
                }
            }

            if (reader.Failed)
            {
                error = new DecodeError(reader.Status, reader.Detail);
                return null;
            }

            error = null;
            return definition;
        }

        /// <summary>The kind's rules and the board: every function exists with the right direction, none used twice.</summary>
        private void Check(JsonReader reader, BoardDefinition board)
        {
            if (Board != board.Name)
            {
                reader.Fail(DecodeStatus.InvalidValue, "board: is " + Board + ", expected " + board.Name);
                return;
            }

            bool timed = Kind == MassageChair || Kind == Karaoke;
            bool slotted = Kind == PowerBank || Kind == Umbrella || Kind == Locker || Kind == Karaoke;
            if (!timed && !slotted)
            {
                reader.Fail(DecodeStatus.UnknownType, "kind: unknown device kind");
                return;
            }

            if (Display != "ssd1306" && Display != "st7789")
            {
                reader.Fail(DecodeStatus.InvalidValue, "display: must be ssd1306 or st7789");
                return;
            }

            if (timed != (Session != null) || (slotted && Slots.Length == 0) || Slots.Length > ProtocolLimits.MaxSlots)
            {
                reader.Fail(DecodeStatus.InvalidValue, "slots/session: do not fit kind " + Kind);
                return;
            }

            var used = new Hashtable();
            for (int i = 0; i < Slots.Length; i++)
            {
                SlotDefinition slot = Slots[i];
                string where = "slots[" + i.ToString() + "].";
                Use(reader, board, used, where + "latch", slot.Latch, true);
                if (slot.Door != null) { Use(reader, board, used, where + "door", slot.Door, false); }
                if (slot.Item != null) { Use(reader, board, used, where + "item", slot.Item, false); }
                if (Kind != Umbrella && slot.Door == null) { reader.Fail(DecodeStatus.MissingField, where + "door: required for " + Kind); }
                if ((Kind == PowerBank || Kind == Umbrella) && slot.Item == null) { reader.Fail(DecodeStatus.MissingField, where + "item: required for " + Kind); }
            }

            if (Session != null)
            {
                Use(reader, board, used, "session.relay", Session.Relay, true);
                Use(reader, board, used, "session.estop", Session.EmergencyStop, false);
                if (Session.DefaultMinutes > Limits.MaxSessionMinutes)
                {
                    reader.Fail(DecodeStatus.InvalidValue, "session.defaultMinutes: above limits.maxSessionMinutes");
                }
            }
        }

        private static void Use(JsonReader reader, BoardDefinition board, Hashtable used, string where, string function, bool output)
        {
            if (output ? !board.IsOutput(function) : !board.IsInput(function))
            {
                reader.Fail(DecodeStatus.InvalidValue, where + ": " + function + " is not an " + (output ? "output" : "input") + " of board " + board.Name);
            }
            else if (used.Contains(function))
            {
                reader.Fail(DecodeStatus.InvalidValue, where + ": " + function + " is already used by " + (string)used[function]!);
            }
            else
            {
                used[function] = where;
            }
        }

        private static ArrayList? ReadSlots(JsonReader reader)
        {
            if (!reader.BeginArray())
            {
                return null;
            }

            var slots = new ArrayList();
            while (reader.NextElement())
            {
                Hashtable? map = DefinitionReader.ReadStringMap(reader, "slots");
                if (map == null)
                {
                    return null;
                }

                string? latch = (string?)map["latch"];
                if (latch == null)
                {
                    reader.Fail(DecodeStatus.MissingField, "slots.latch: required");
                    return null;
                }

                slots.Add(new SlotDefinition(latch, (string?)map["door"], (string?)map["item"]));
            }

            return reader.Failed ? null : slots;
        }

        private static Hashtable? ReadSession(JsonReader reader)
        {
            if (!reader.BeginObject())
            {
                return null;
            }

            var map = new Hashtable();
            while (reader.NextProperty())
            {
                if (reader.NameIs("defaultMinutes"))
                {
                    int minutes;
                    reader.ReadInt32("session.defaultMinutes", 1, DeviceCommand.MaxMinutes, out minutes);
                    map["defaultMinutes"] = minutes;
                }
                else
                {
                    string? name = reader.PropertyName();
                    string? value;
                    if (name == null || !reader.ReadString("session." + name, out value))
                    {
                        return null;
                    }

                    map[name] = value;
                }
            }

            return reader.Failed ? null : map;
        }
    }
}
