using Microsoft.CodeAnalysis;

namespace O2O.DeviceGuard
{
    /// <summary>A rule that applies to some symbol, with the message arguments that explain it.</summary>
    internal sealed class Finding
    {
        internal Finding(DiagnosticDescriptor rule, params object[] messageArgs)
        {
            Rule = rule;
            MessageArgs = messageArgs;
        }

        internal DiagnosticDescriptor Rule { get; }

        internal object[] MessageArgs { get; }

        internal Diagnostic ToDiagnostic(Location location)
        {
            return Diagnostic.Create(Rule, location, MessageArgs);
        }
    }
}
