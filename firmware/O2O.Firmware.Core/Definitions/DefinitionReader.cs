using System.Collections;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Firmware.Core.Definitions
{
    /// <summary>Reading helpers for definition files: maps of names to numbers or strings, with clear errors.</summary>
    internal static class DefinitionReader
    {
        public const int MaxFileBytes = 16 * 1024;

        /// <summary>Reads an object of name → whole number into a table (values boxed as long).</summary>
        public static Hashtable? ReadNumberMap(JsonReader reader, string field)
        {
            if (!reader.BeginObject())
            {
                return null;
            }

            var map = new Hashtable();
            while (reader.NextProperty())
            {
                string? name = reader.PropertyName();
                long value;
                if (name == null || !reader.ReadInt64(field + "." + name, out value))
                {
                    return null;
                }

                map[name] = value;
            }

            return reader.Failed ? null : map;
        }

        /// <summary>Reads an object of name → string into a table.</summary>
        public static Hashtable? ReadStringMap(JsonReader reader, string field)
        {
            if (!reader.BeginObject())
            {
                return null;
            }

            var map = new Hashtable();
            while (reader.NextProperty())
            {
                string? name = reader.PropertyName();
                string? value;
                if (name == null || !reader.ReadString(field + "." + name, out value))
                {
                    return null;
                }

                map[name] = value;
            }

            return reader.Failed ? null : map;
        }

        /// <summary>A whole number from a map, checked against [min, max]; records the failure on the reader.</summary>
        public static int Number(JsonReader reader, Hashtable map, string section, string key, int min, int max)
        {
            if (!map.Contains(key))
            {
                reader.Fail(DecodeStatus.MissingField, section + "." + key + ": required");
                return min;
            }

            long value = (long)map[key]!;
            if (value < min || value > max)
            {
                reader.Fail(DecodeStatus.InvalidValue, section + "." + key + ": must be " + min.ToString() + " to " + max.ToString());
                return min;
            }

            return (int)value;
        }
    }
}
