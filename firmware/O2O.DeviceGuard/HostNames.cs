using Microsoft.CodeAnalysis;
using O2O.DeviceGuard.Surface;

namespace O2O.DeviceGuard
{
    /// <summary>Describes host (net10.0) symbols the way the surface file is keyed, plus display text for messages.</summary>
    internal static class HostNames
    {
        internal static readonly SymbolDisplayFormat ShortFormat = SymbolDisplayFormat.CSharpShortErrorMessageFormat;

        /// <summary>"System.Collections.Generic.List`1", "System.Diagnostics.DebuggableAttribute.DebuggingModes".</summary>
        internal static string TypeKey(INamedTypeSymbol type)
        {
            INamedTypeSymbol definition = type.OriginalDefinition;
            if (definition.ContainingType != null)
            {
                return TypeKey(definition.ContainingType) + "." + definition.MetadataName;
            }

            INamespaceSymbol? ns = definition.ContainingNamespace;
            return ns == null || ns.IsGlobalNamespace
                ? definition.MetadataName
                : ns.ToDisplayString() + "." + definition.MetadataName;
        }

        /// <summary>The normalised simple name used to compare parameter types with the surface (see <see cref="TypeNames"/>).</summary>
        internal static string SimpleName(ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    return SimpleName(array.ElementType) + "[" + new string(',', array.Rank - 1) + "]";
                case IPointerTypeSymbol pointer:
                    return SimpleName(pointer.PointedAtType) + "*";
                case INamedTypeSymbol named when named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T:
                    return SimpleName(named.TypeArguments[0]) + "?";
                case INamedTypeSymbol named when IsInterpolatedStringHandler(named):
                    // The host binds $"..." arguments to handler overloads; nanoFramework binds them to string.
                    return "String";
                default:
                    return type.Name;
            }
        }

        internal static bool IsInterpolatedStringHandler(ITypeSymbol type)
        {
            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == "InterpolatedStringHandlerAttribute")
                {
                    return true;
                }
            }

            return false;
        }

        internal static string Display(ISymbol symbol)
        {
            return symbol.ToDisplayString(ShortFormat);
        }
    }
}
