using System;
using System.Collections.Generic;

namespace O2O.DeviceGuard
{
    /// <summary>The nanoFramework alternative to suggest for common host types and namespaces.</summary>
    internal static class Alternatives
    {
        private const string DefaultGeneric = "use object with casts, ArrayList or Hashtable";
        private const string DefaultMissingType = "it is not in the nanoFramework 1.x libraries (see nanoframework-api-surface.txt); find the device equivalent or move this code out of the device project";

        private static readonly Dictionary<string, string> ForGenericType = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["System.Collections.Generic.List`1"] = "use ArrayList",
            ["System.Collections.Generic.IList`1"] = "use ArrayList or IList",
            ["System.Collections.Generic.ICollection`1"] = "use ArrayList or ICollection",
            ["System.Collections.Generic.IReadOnlyList`1"] = "use an array or ArrayList",
            ["System.Collections.Generic.IReadOnlyCollection`1"] = "use an array or ArrayList",
            ["System.Collections.Generic.IEnumerable`1"] = "use IEnumerable, an array or ArrayList",
            ["System.Collections.Generic.IEnumerator`1"] = "use IEnumerator",
            ["System.Collections.Generic.Dictionary`2"] = "use Hashtable",
            ["System.Collections.Generic.IDictionary`2"] = "use Hashtable or IDictionary",
            ["System.Collections.Generic.IReadOnlyDictionary`2"] = "use Hashtable",
            ["System.Collections.Generic.SortedDictionary`2"] = "use Hashtable",
            ["System.Collections.Concurrent.ConcurrentDictionary`2"] = "use Hashtable guarded by lock",
            ["System.Collections.Generic.HashSet`1"] = "use Hashtable keys",
            ["System.Collections.Generic.Queue`1"] = "use System.Collections.Queue",
            ["System.Collections.Generic.Stack`1"] = "use System.Collections.Stack",
            ["System.Collections.Generic.KeyValuePair`2"] = "use DictionaryEntry",
            ["System.EventHandler`1"] = "declare your own delegate, e.g. delegate void FooHandler(object sender, FooEventArgs e)",
            ["System.Predicate`1"] = "declare your own non-generic delegate type",
            ["System.Comparison`1"] = "implement IComparer",
            ["System.Lazy`1"] = "initialise the field explicitly",
            ["System.IEquatable`1"] = "override Equals(object) and GetHashCode()",
            ["System.IComparable`1"] = "implement IComparable",
        };

        private static readonly Dictionary<string, string> ForMissingType = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["System.Diagnostics.Stopwatch"] = "measure with Environment.TickCount64 (nanoFramework.Runtime.Native)",
            ["System.Activator"] = "call the constructor directly",
            ["System.Threading.ThreadPool"] = "start a Thread",
            ["System.Threading.Lock"] = "lock on a private readonly object",
            ["System.StringComparison"] = "compare ToLower() strings with ==",
            ["System.StringSplitOptions"] = "use Split(params char[]) and skip empty parts",
            ["System.MidpointRounding"] = "only Math.Round(double) exists",
            ["System.Security.Cryptography.SHA256"] = "only HMACSHA256, HMACSHA512 and Aes exist",
            ["System.Security.Cryptography.RandomNumberGenerator"] = "use System.Random",
            ["System.Environment"] = "Environment.TickCount64 comes from nanoFramework.Runtime.Native",
        };

        private static readonly Dictionary<string, string> ForMissingNamespace = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["System.Collections.Generic"] = "use System.Collections (ArrayList, Hashtable, Queue, Stack)",
            ["System.Collections.Concurrent"] = "use System.Collections with lock",
        };

        internal static string ForGeneric(string typeKey)
        {
            if (ForGenericType.TryGetValue(typeKey, out string? hint))
            {
                return hint;
            }

            return typeKey.StartsWith("System.Action`", StringComparison.Ordinal) || typeKey.StartsWith("System.Func`", StringComparison.Ordinal)
                ? "declare your own non-generic delegate type"
                : DefaultGeneric;
        }

        internal static string ForMissing(string typeKey)
        {
            return ForMissingType.TryGetValue(typeKey, out string? hint) ? hint : DefaultMissingType;
        }

        internal static string ForNamespace(string ns)
        {
            return ForMissingNamespace.TryGetValue(ns, out string? hint) ? hint : "remove the using directive and use the nanoFramework equivalent";
        }
    }
}
