using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace O2O.DeviceGuard.Surface
{
    /// <summary>
    /// The reasons written in BannedSymbols.nanoFramework.txt, keyed by DocumentationCommentId. NF0019 reuses them
    /// as its "use this instead" hint, so the alternative is written once, next to the banned entry.
    /// </summary>
    internal static class BannedMemberHints
    {
        private const string ResourceName = "O2O.DeviceGuard.BannedSymbols.nanoFramework.txt";

        private static readonly Lazy<Dictionary<string, string>> Hints =
            new Lazy<Dictionary<string, string>>(Load, LazyThreadSafetyMode.ExecutionAndPublication);

        internal static string? For(string? documentationCommentId)
        {
            return documentationCommentId != null && Hints.Value.TryGetValue(documentationCommentId, out string? hint) ? hint : null;
        }

        internal static Dictionary<string, string> Parse(string text)
        {
            var hints = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string rawLine in text.Split('\n'))
            {
                string line = rawLine.Trim();
                int separator = line.IndexOf(';');
                if (line.StartsWith("//", StringComparison.Ordinal) || separator <= 0)
                {
                    continue;
                }

                hints[line.Substring(0, separator).Trim()] = line.Substring(separator + 1).Trim();
            }

            return hints;
        }

        private static Dictionary<string, string> Load()
        {
            using (Stream? stream = typeof(BannedMemberHints).Assembly.GetManifestResourceStream(ResourceName))
            {
                if (stream == null)
                {
                    return new Dictionary<string, string>();
                }

                using (var reader = new StreamReader(stream))
                {
                    return Parse(reader.ReadToEnd());
                }
            }
        }
    }
}
