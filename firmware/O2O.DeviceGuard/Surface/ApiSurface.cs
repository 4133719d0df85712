using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace O2O.DeviceGuard.Surface
{
    /// <summary>
    /// The allowlist: every public type and member of the nanoFramework 1.x libraries, read from the embedded
    /// nanoframework-api-surface.txt. Types are keyed like host symbols ("System.Text.StringBuilder", "System.Action`1").
    /// </summary>
    internal sealed class ApiSurface
    {
        private const string ResourceName = "O2O.DeviceGuard.nanoframework-api-surface.txt";

        private static readonly Lazy<ApiSurface> Embedded =
            new Lazy<ApiSurface>(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly Dictionary<string, SurfaceType> _types = new Dictionary<string, SurfaceType>(StringComparer.Ordinal);
        private readonly HashSet<string> _namespaces = new HashSet<string>(StringComparer.Ordinal);

        private ApiSurface(IEnumerable<SurfaceType> types)
        {
            foreach (SurfaceType type in types)
            {
                // A type that appears in two assemblies (type forwarding) keeps its first, fuller listing.
                if (!_types.ContainsKey(type.Key))
                {
                    _types.Add(type.Key, type);
                }

                for (int dot = type.Key.LastIndexOf('.'); dot > 0; dot = type.Key.LastIndexOf('.', dot - 1))
                {
                    _namespaces.Add(type.Key.Substring(0, dot));
                }
            }
        }

        internal static ApiSurface Default => Embedded.Value;

        internal int TypeCount => _types.Count;

        internal static ApiSurface Parse(string text)
        {
            return new ApiSurface(SurfaceParser.Parse(text));
        }

        internal bool TryGetType(string key, out SurfaceType type)
        {
            return _types.TryGetValue(key, out type!);
        }

        internal bool ContainsNamespace(string name)
        {
            return _namespaces.Contains(name);
        }

        /// <summary>The type followed by its surface base types and interfaces, ending at System.Object.</summary>
        internal IEnumerable<SurfaceType> SelfAndBases(SurfaceType type)
        {
            var visited = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Queue<SurfaceType>();
            pending.Enqueue(type);
            while (pending.Count > 0)
            {
                SurfaceType current = pending.Dequeue();
                if (!visited.Add(current.Key))
                {
                    continue;
                }

                yield return current;
                foreach (string baseKey in current.BaseTypeKeys)
                {
                    if (_types.TryGetValue(baseKey, out SurfaceType? baseType))
                    {
                        pending.Enqueue(baseType);
                    }
                }

                string? implicitBase = ImplicitBaseKey(current);
                if (implicitBase != null && _types.TryGetValue(implicitBase, out SurfaceType? implicitType))
                {
                    pending.Enqueue(implicitType);
                }
            }
        }

        /// <summary>The surface header omits the bases every type of a kind has.</summary>
        private static string? ImplicitBaseKey(SurfaceType type)
        {
            switch (type.Kind)
            {
                case "struct": return "System.ValueType";
                case "enum": return "System.Enum";
                case "delegate": return "System.MulticastDelegate";
                default: return type.Key == "System.Object" ? null : "System.Object";
            }
        }

        private static ApiSurface LoadEmbedded()
        {
            using (Stream? stream = typeof(ApiSurface).Assembly.GetManifestResourceStream(ResourceName))
            {
                if (stream == null)
                {
                    throw new InvalidOperationException("The analyzer was built without its embedded " + ResourceName + ".");
                }

                using (var reader = new StreamReader(stream))
                {
                    return Parse(reader.ReadToEnd());
                }
            }
        }
    }
}
