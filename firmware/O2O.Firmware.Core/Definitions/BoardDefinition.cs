using System.Collections;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Firmware.Core.Definitions
{
    /// <summary>
    /// A controller board: which ESP32 GPIO carries each function. Function names are also the schematic's
    /// net names, so this file is the pin truth shared by firmware, simulator and schematic checks.
    /// </summary>
    public sealed class BoardDefinition
    {
        private readonly Hashtable _outputs;
        private readonly Hashtable _inputs;
        private readonly Hashtable _buses;

        private BoardDefinition(string name, string mcu, Hashtable outputs, Hashtable inputs, Hashtable buses)
        {
            Name = name;
            Mcu = mcu;
            _outputs = outputs;
            _inputs = inputs;
            _buses = buses;
        }

        public string Name { get; }

        public string Mcu { get; }

        public bool IsOutput(string function) { return _outputs.Contains(function); }

        public bool IsInput(string function) { return _inputs.Contains(function); }

        /// <summary>The GPIO number of a function, or -1 when the board has no such function.</summary>
        public int Pin(string function)
        {
            object? pin = _outputs.Contains(function) ? _outputs[function] : _inputs.Contains(function) ? _inputs[function] : _buses[function];
            return pin == null ? -1 : (int)(long)pin;
        }

        /// <summary>Every function name on the board: outputs, then inputs, then bus pins.</summary>
        public string[] Functions()
        {
            var names = new string[_outputs.Count + _inputs.Count + _buses.Count];
            int i = 0;
            foreach (DictionaryEntry entry in _outputs) { names[i++] = (string)entry.Key; }
            foreach (DictionaryEntry entry in _inputs) { names[i++] = (string)entry.Key; }
            foreach (DictionaryEntry entry in _buses) { names[i++] = (string)entry.Key; }
            return names;
        }

        public static BoardDefinition? Parse(byte[] json, int length, out DecodeError? error)
        {
            var reader = new JsonReader();
            reader.Reset(json, 0, length);
            string? name = null;
            string? mcu = null;
            Hashtable? outputs = null;
            Hashtable? inputs = null;
            Hashtable? buses = null;
            bool sawVersion = false;
            if (length > DefinitionReader.MaxFileBytes)
            {
                reader.Fail(DecodeStatus.Oversized, "board definition larger than " + DefinitionReader.MaxFileBytes.ToString() + " bytes");
            }
            else if (reader.BeginObject())
            {
                while (reader.NextProperty())
                {
                    if (reader.NameIs("v")) { long v; sawVersion = reader.ReadInt64("v", out v) && (v == 1 || reader.Fail(DecodeStatus.WrongVersion, "v: only 1 is supported")); }
                    else if (reader.NameIs("board")) { reader.ReadString("board", out name); }
                    else if (reader.NameIs("mcu")) { reader.ReadString("mcu", out mcu); }
                    else if (reader.NameIs("outputs")) { outputs = DefinitionReader.ReadNumberMap(reader, "outputs"); }
                    else if (reader.NameIs("inputs")) { inputs = DefinitionReader.ReadNumberMap(reader, "inputs"); }
                    else if (reader.NameIs("buses")) { buses = DefinitionReader.ReadNumberMap(reader, "buses"); }
                    else { reader.Skip(); }
                }

                reader.End();
            }

            if (!reader.Failed)
            {
                string? missing = !sawVersion ? "v" : name == null ? "board" : mcu == null ? "mcu" : outputs == null ? "outputs" : inputs == null ? "inputs" : buses == null ? "buses" : null;
                if (missing != null)
                {
                    reader.Fail(DecodeStatus.MissingField, missing + ": required");
                }
                else
                {
                    CheckPins(reader, outputs!, inputs!, buses!);
                }
            }

            if (reader.Failed)
            {
                error = new DecodeError(reader.Status, reader.Detail);
                return null;
            }

            error = null;
            return new BoardDefinition(name!, mcu!, outputs!, inputs!, buses!);
        }

        // ESP32 (WROOM) GPIOs: 0-39, less 6-11 (wired to the SPI flash) and the numbers the chip does not have.
        private static bool IsUsableGpio(long pin)
        {
            return pin >= 0 && pin <= 39 && !(pin >= 6 && pin <= 11) && pin != 20 && pin != 24 && !(pin >= 28 && pin <= 31);
        }

        // Every GPIO number is a real ESP32 pin, used once, never one of the flash pins.
        private static void CheckPins(JsonReader reader, Hashtable outputs, Hashtable inputs, Hashtable buses)
        {
            var seen = new Hashtable();
            Hashtable[] groups = { outputs, inputs, buses };
            for (int g = 0; g < groups.Length; g++)
            {
                foreach (DictionaryEntry entry in groups[g])
                {
                    long pin = (long)entry.Value!;
                    string function = (string)entry.Key;
                    if (!IsUsableGpio(pin))
                    {
                        reader.Fail(DecodeStatus.InvalidValue, function + ": GPIO " + pin.ToString() + " is not usable on the ESP32");
                        return;
                    }

                    if (g == 0 && pin >= 34)
                    {
                        reader.Fail(DecodeStatus.InvalidValue, function + ": GPIO " + pin.ToString() + " is input-only");
                        return;
                    }

                    if (seen.Contains(pin))
                    {
                        reader.Fail(DecodeStatus.InvalidValue, function + ": GPIO " + pin.ToString() + " already used by " + (string)seen[pin]!);
                        return;
                    }

                    seen[pin] = function;
                }
            }
        }
    }
}
