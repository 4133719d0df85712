using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace O2O.DeviceGuard
{
    /// <summary>
    /// Tells "our own code" from "the platform". Own code is anything declared in the compilation being analysed
    /// or in a referenced assembly built from another device project: build/DeviceCode.targets stamps those with
    /// [assembly: AssemblyMetadata("O2O.DeviceCode", "true")]. Everything else (the .NET reference assemblies, NuGet
    /// packages such as System.Device.Gpio) is platform, and must match the nanoFramework surface.
    /// </summary>
    internal sealed class PlatformBoundary
    {
        internal const string DeviceCodeMetadataKey = "O2O.DeviceCode";

        private readonly IAssemblySymbol _compilationAssembly;
        private readonly ConcurrentDictionary<IAssemblySymbol, bool> _deviceAssemblies =
            new ConcurrentDictionary<IAssemblySymbol, bool>(SymbolEqualityComparer.Default);

        internal PlatformBoundary(Compilation compilation)
        {
            _compilationAssembly = compilation.Assembly;
        }

        /// <summary>True for symbols declared by device code; symbols without an assembly (dynamic, arrays) count as own.</summary>
        internal bool IsOwn(ISymbol symbol)
        {
            IAssemblySymbol? assembly = symbol.ContainingAssembly;
            return assembly == null
                || SymbolEqualityComparer.Default.Equals(assembly, _compilationAssembly)
                || _deviceAssemblies.GetOrAdd(assembly, IsDeviceAssembly);
        }

        internal bool IsPlatform(ISymbol symbol)
        {
            return !IsOwn(symbol);
        }

        /// <summary>A namespace is own when device code declares something in it.</summary>
        internal bool IsOwnNamespace(INamespaceSymbol ns)
        {
            foreach (INamespaceSymbol part in ns.ConstituentNamespaces)
            {
                if (part.ContainingAssembly != null && IsOwn(part))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsDeviceAssembly(IAssemblySymbol assembly)
        {
            foreach (AttributeData attribute in assembly.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == "System.Reflection.AssemblyMetadataAttribute"
                    && attribute.ConstructorArguments.Length == 2
                    && attribute.ConstructorArguments[0].Value as string == DeviceCodeMetadataKey
                    && attribute.ConstructorArguments[1].Value as string == "true")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
