using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using O2O.DeviceGuard.Surface;

namespace O2O.DeviceGuard
{
    /// <summary>
    /// Decides which rule, if any, a type used by device code breaks. The most specific rule wins: a Task is
    /// reported as async (NF0004) rather than as a missing type (NF0018), and List&lt;int&gt; as generic (NF0002).
    /// </summary>
    internal sealed class TypeClassifier
    {
        private static readonly HashSet<string> SpanTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            "System.Span`1", "System.ReadOnlySpan`1", "System.Memory`1", "System.ReadOnlyMemory`1",
        };

        private static readonly HashSet<string> AsyncTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            "System.Collections.Generic.IAsyncEnumerable`1", "System.Collections.Generic.IAsyncEnumerator`1", "System.IAsyncDisposable",
        };

        private readonly ApiSurface _surface;
        private readonly PlatformBoundary _boundary;

        internal TypeClassifier(ApiSurface surface, PlatformBoundary boundary)
        {
            _surface = surface;
            _boundary = boundary;
        }

        internal PlatformBoundary Boundary => _boundary;

        internal Finding? Classify(ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    return Classify(array.ElementType);
                case IPointerTypeSymbol pointer:
                    return Classify(pointer.PointedAtType);
                case IDynamicTypeSymbol _:
                    return new Finding(DiagnosticRules.Dynamic, "dynamic");
                case INamedTypeSymbol named when named.TypeKind != TypeKind.Error:
                    return ClassifyNamed(named);
                default:
                    return null;
            }
        }

        /// <summary>True when the type is platform and the surface lists it (generic or not).</summary>
        internal bool IsOnDevice(INamedTypeSymbol type)
        {
            return _surface.TryGetType(HostNames.TypeKey(type), out _);
        }

        private Finding? ClassifyNamed(INamedTypeSymbol type)
        {
            string shown = type.ToDisplayString(HostNames.ShortFormat);
            if (type.IsAnonymousType)
            {
                return new Finding(DiagnosticRules.GenericUse, "anonymous type " + shown, "the compiler emits anonymous types as generic classes; declare a small class");
            }

            if (type.IsTupleType || type.OriginalDefinition.ToDisplayString().StartsWith("System.ValueTuple", StringComparison.Ordinal))
            {
                return new Finding(DiagnosticRules.Tuple, shown);
            }

            if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                return new Finding(DiagnosticRules.NullableValueType, shown);
            }

            if (type.SpecialType == SpecialType.System_Decimal)
            {
                return new Finding(DiagnosticRules.Decimal, shown);
            }

            bool isPlatform = _boundary.IsPlatform(type);
            string key = HostNames.TypeKey(type);
            if (isPlatform)
            {
                Finding? byFamily = ClassifyPlatformFamily(type, key, shown);
                if (byFamily != null)
                {
                    return byFamily;
                }
            }

            if (IsGeneric(type))
            {
                return new Finding(DiagnosticRules.GenericUse, shown, Alternatives.ForGeneric(key));
            }

            return isPlatform && !_surface.TryGetType(key, out _)
                ? new Finding(DiagnosticRules.MissingType, type.ToDisplayString(), Alternatives.ForMissing(key))
                : null;
        }

        private static Finding? ClassifyPlatformFamily(INamedTypeSymbol type, string key, string shown)
        {
            string ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            if (IsNamespaceOrChild(ns, "System.Threading.Tasks") || AsyncTypes.Contains(key))
            {
                return new Finding(DiagnosticRules.Async, shown);
            }

            if (SpanTypes.Contains(key))
            {
                return new Finding(DiagnosticRules.Span, shown);
            }

            if (IsNamespaceOrChild(ns, "System.Linq"))
            {
                return new Finding(DiagnosticRules.Linq, shown);
            }

            return IsNamespaceOrChild(ns, "System.Text.Json") ? new Finding(DiagnosticRules.SystemTextJson, shown) : null;
        }

        internal static bool IsNamespaceOrChild(string ns, string parent)
        {
            return ns == parent || ns.StartsWith(parent + ".", StringComparison.Ordinal);
        }

        private static bool IsGeneric(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? current = type; current != null; current = current.ContainingType)
            {
                if (current.IsGenericType)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
