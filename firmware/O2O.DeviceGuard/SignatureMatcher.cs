using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using O2O.DeviceGuard.Surface;

namespace O2O.DeviceGuard
{
    /// <summary>
    /// Decides whether a surface overload can stand in for the member the host bound. Parameter types are
    /// compared by simple name (the surface shorthand carries no namespaces), and a call also passes when its
    /// written arguments would convert to the surface parameters the way C# overload resolution allows.
    /// </summary>
    internal static class SignatureMatcher
    {
        private static readonly Dictionary<string, string[]> ImplicitNumericConversions = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["SByte"] = new[] { "Int16", "Int32", "Int64", "Single", "Double" },
            ["Byte"] = new[] { "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64", "Single", "Double" },
            ["Int16"] = new[] { "Int32", "Int64", "Single", "Double" },
            ["UInt16"] = new[] { "Int32", "UInt32", "Int64", "UInt64", "Single", "Double" },
            ["Int32"] = new[] { "Int64", "Single", "Double" },
            ["UInt32"] = new[] { "Int64", "UInt64", "Single", "Double" },
            ["Int64"] = new[] { "Single", "Double" },
            ["UInt64"] = new[] { "Single", "Double" },
            ["Char"] = new[] { "UInt16", "Int32", "UInt32", "Int64", "UInt64", "Single", "Double" },
            ["Single"] = new[] { "Double" },
        };

        private static readonly HashSet<string> IntegralTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            "SByte", "Byte", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64",
        };

        private static readonly string[] ArrayBaseNames = { "Array", "Object", "ICloneable", "IList", "ICollection", "IEnumerable" };

        /// <summary>Same parameter count and the same parameter type names (and return type, for conversion operators).</summary>
        internal static bool MatchesExactly(SurfaceMember candidate, IMethodSymbol method)
        {
            if (candidate.Parameters.Count != method.Parameters.Length)
            {
                return false;
            }

            for (int i = 0; i < method.Parameters.Length; i++)
            {
                if (candidate.Parameters[i].TypeName != HostNames.SimpleName(method.Parameters[i].Type))
                {
                    return false;
                }
            }

            return !IsConversion(method) || candidate.ReturnTypeName == HostNames.SimpleName(method.ReturnType);
        }

        internal static bool MatchesParameterCount(SurfaceMember candidate, IMethodSymbol method)
        {
            return candidate.Parameters.Count == method.Parameters.Length;
        }

        /// <summary>True when the candidate accepts the written arguments (optional parameters and params expanded).</summary>
        internal static bool AcceptsCall(SurfaceMember candidate, IReadOnlyList<HostArgument> arguments)
        {
            IReadOnlyList<SurfaceParameter> parameters = candidate.Parameters;
            int count = parameters.Count;
            bool hasParams = count > 0 && parameters[count - 1].IsParams;
            int required = 0;
            foreach (SurfaceParameter parameter in parameters)
            {
                required += parameter.IsOptional || parameter.IsParams ? 0 : 1;
            }

            if (arguments.Count < required || (arguments.Count > count && !hasParams))
            {
                return false;
            }

            for (int i = 0; i < arguments.Count; i++)
            {
                if (hasParams && i >= count - 1)
                {
                    string arrayName = parameters[count - 1].TypeName;
                    string elementName = arrayName.EndsWith("[]", StringComparison.Ordinal) ? arrayName.Substring(0, arrayName.Length - 2) : arrayName;
                    bool passesArray = arguments.Count == count && Converts(arguments[i], arrayName);
                    if (!passesArray && !Converts(arguments[i], elementName))
                    {
                        return false;
                    }
                }
                else if (!Converts(arguments[i], parameters[i].TypeName))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsConversion(IMethodSymbol method)
        {
            return method.MethodKind == MethodKind.Conversion;
        }

        private static bool Converts(HostArgument argument, string surfaceTypeName)
        {
            if (surfaceTypeName == argument.ParameterTypeName || surfaceTypeName == "Object" || argument.Type == null)
            {
                return true;
            }

            // nanoFramework's SpanByte converts implicitly from byte[] (mscorlib), as .NET's spans do: a call that
            // passes a byte[] where the host takes ReadOnlySpan<byte> binds to the device's SpanByte overload.
            if (surfaceTypeName == "SpanByte" && argument.Type is IArrayTypeSymbol array && array.Rank == 1
                && array.ElementType.SpecialType == SpecialType.System_Byte)
            {
                return true;
            }

            string argumentName = HostNames.SimpleName(argument.Type);
            if (argumentName == surfaceTypeName || NamesOfBasesAndInterfaces(argument.Type).Contains(surfaceTypeName))
            {
                return true;
            }

            if (ImplicitNumericConversions.TryGetValue(argumentName, out string[]? targets) && Array.IndexOf(targets, surfaceTypeName) >= 0)
            {
                return true;
            }

            // An integer constant converts to any integral type it fits, e.g. 0 to a byte or uint parameter.
            return argument.IsConstant && (argumentName == "Int32" || argumentName == "Int64") && IntegralTypes.Contains(surfaceTypeName);
        }

        private static HashSet<string> NamesOfBasesAndInterfaces(ITypeSymbol type)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            if (type is IArrayTypeSymbol)
            {
                names.UnionWith(ArrayBaseNames);
            }

            for (ITypeSymbol? current = type.BaseType; current != null; current = current.BaseType)
            {
                names.Add(HostNames.SimpleName(current));
            }

            foreach (INamedTypeSymbol implemented in type.AllInterfaces)
            {
                names.Add(HostNames.SimpleName(implemented));
            }

            return names;
        }
    }
}
