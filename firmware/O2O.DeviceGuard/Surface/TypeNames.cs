using System.Collections.Generic;

namespace O2O.DeviceGuard.Surface
{
    /// <summary>
    /// Name normalisation shared by the surface parser and the host-symbol side, so both describe a type the same way.
    /// Parameter types are compared by simple CLR name ("Int32", "Byte[]", "Exception"), because the surface shorthand
    /// writes them unqualified and with C# keywords.
    /// </summary>
    internal static class TypeNames
    {
        private static readonly Dictionary<string, string> KeywordToClrName = new Dictionary<string, string>
        {
            ["bool"] = "Boolean",
            ["byte"] = "Byte",
            ["sbyte"] = "SByte",
            ["char"] = "Char",
            ["short"] = "Int16",
            ["ushort"] = "UInt16",
            ["int"] = "Int32",
            ["uint"] = "UInt32",
            ["long"] = "Int64",
            ["ulong"] = "UInt64",
            ["float"] = "Single",
            ["double"] = "Double",
            ["decimal"] = "Decimal",
            ["object"] = "Object",
            ["string"] = "String",
            ["void"] = "Void",
            ["nint"] = "IntPtr",
            ["nuint"] = "UIntPtr",
        };

        /// <summary>"int" becomes "System.Int32"; any other name is returned unchanged.</summary>
        internal static string QualifyKeyword(string name)
        {
            return KeywordToClrName.TryGetValue(name, out string? clrName) ? "System." + clrName : name;
        }

        /// <summary>
        /// Simple name of a type written in the surface shorthand: "params char[]" is not passed here, "char[]" gives
        /// "Char[]", "System.Collections.IComparer" gives "IComparer", "Action&lt;T&gt;" gives "Action", "int?" gives "Int32?".
        /// </summary>
        internal static string SimpleNameOfWrittenType(string written)
        {
            string text = written.Trim();
            string suffix = string.Empty;
            while (text.EndsWith("[]", System.StringComparison.Ordinal) || text.EndsWith("?", System.StringComparison.Ordinal)
                || text.EndsWith("*", System.StringComparison.Ordinal) || text.EndsWith("]", System.StringComparison.Ordinal))
            {
                int cut = text.EndsWith("]", System.StringComparison.Ordinal) ? text.LastIndexOf('[') : text.Length - 1;
                if (cut < 0)
                {
                    break;
                }

                suffix = text.Substring(cut) + suffix;
                text = text.Substring(0, cut).TrimEnd();
            }

            int genericStart = text.IndexOf('<');
            if (genericStart >= 0)
            {
                text = text.Substring(0, genericStart);
            }

            int lastDot = text.LastIndexOf('.');
            if (lastDot >= 0)
            {
                text = text.Substring(lastDot + 1);
            }

            return (KeywordToClrName.TryGetValue(text, out string? clrName) ? clrName : text) + suffix;
        }
    }
}
