using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace O2O.DeviceGuard
{
    /// <summary>
    /// One argument the source actually passes, seen from the host binding. The host may bind a call to an
    /// overload nanoFramework lacks (Split(char, StringSplitOptions = None) instead of Split(params char[])),
    /// so a call is judged by the arguments written, not only by the overload the host picked.
    /// </summary>
    internal sealed class HostArgument
    {
        private HostArgument(string parameterTypeName, ITypeSymbol? type, bool isConstant)
        {
            ParameterTypeName = parameterTypeName;
            Type = type;
            IsConstant = isConstant;
        }

        /// <summary>Simple name of the host parameter (or params element) type this argument binds to.</summary>
        internal string ParameterTypeName { get; }

        /// <summary>The argument's own type before implicit conversions; null for lambdas, null and default literals.</summary>
        internal ITypeSymbol? Type { get; }

        internal bool IsConstant { get; }

        /// <summary>Explicit arguments in parameter order: defaulted optional arguments dropped, params arrays expanded.</summary>
        internal static IReadOnlyList<HostArgument> FromOperations(ImmutableArray<IArgumentOperation> arguments)
        {
            var result = new List<HostArgument>();
            foreach (IArgumentOperation argument in arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue))
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter == null)
                {
                    continue;
                }

                ITypeSymbol parameterType = argument.Parameter.Type;
                if (argument.ArgumentKind != ArgumentKind.ParamArray && argument.ArgumentKind != ArgumentKind.ParamCollection)
                {
                    result.Add(Create(HostNames.SimpleName(parameterType), argument.Value));
                    continue;
                }

                string elementName = HostNames.SimpleName(ElementType(parameterType) ?? parameterType);
                foreach (IOperation element in ParamsElements(argument.Value))
                {
                    result.Add(Create(elementName, element));
                }
            }

            return result;
        }

        private static HostArgument Create(string parameterTypeName, IOperation value)
        {
            IOperation written = value;
            while (written is IConversionOperation conversion && conversion.IsImplicit)
            {
                written = conversion.Operand;
            }

            ITypeSymbol? type = written.Type;
            if (type != null && HostNames.IsInterpolatedStringHandler(type))
            {
                type = null;
            }

            return new HostArgument(parameterTypeName, type, written.ConstantValue.HasValue);
        }

        private static IEnumerable<IOperation> ParamsElements(IOperation value)
        {
            switch (value)
            {
                case IArrayCreationOperation { Initializer: { } initializer }:
                    return initializer.ElementValues;
                case ICollectionExpressionOperation collection:
                    return collection.Elements;
                default:
                    return new[] { value };
            }
        }

        private static ITypeSymbol? ElementType(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol array)
            {
                return array.ElementType;
            }

            // params ReadOnlySpan<T> and other params collections.
            return type is INamedTypeSymbol { TypeArguments.Length: 1 } named ? named.TypeArguments[0] : null;
        }
    }
}
