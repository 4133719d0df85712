using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using O2O.DeviceGuard.Surface;

namespace O2O.DeviceGuard
{
    /// <summary>
    /// Checks every framework member device code calls, reads, writes or overrides against the nanoFramework
    /// surface (NF0019), and reports generic method calls (NF0002), LINQ (NF0005) and Enum reflection (NF0017).
    /// Works on IOperation, so it sees what the compiler bound: overloads, operators, conversions, extension methods.
    /// </summary>
    [DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
    public sealed class MemberUsageAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticRules.MissingMember,
            DiagnosticRules.GenericUse,
            DiagnosticRules.Linq,
            DiagnosticRules.EnumReflection,
            DiagnosticRules.NullableValueType);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();

            // Generated code (AssemblyInfo, global usings) is host-only and never compiled for the device.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var checker = new MemberChecker(ApiSurface.Default, new PlatformBoundary(start.Compilation));
                start.RegisterOperationAction(c => AnalyzeInvocation(c, checker), OperationKind.Invocation);
                start.RegisterOperationAction(c => AnalyzeObjectCreation(c, checker), OperationKind.ObjectCreation);
                start.RegisterOperationAction(c => AnalyzeMemberReference(c, checker), OperationKind.PropertyReference, OperationKind.FieldReference, OperationKind.EventReference, OperationKind.MethodReference);
                start.RegisterOperationAction(c => AnalyzeOperator(c, checker), OperationKind.Binary, OperationKind.Unary, OperationKind.Increment, OperationKind.Decrement, OperationKind.CompoundAssignment, OperationKind.Conversion);
                start.RegisterOperationAction(AnalyzeConditionalAccess, OperationKind.ConditionalAccess);
                start.RegisterSymbolAction(c => AnalyzeOverride(c, checker), SymbolKind.Method, SymbolKind.Property, SymbolKind.Event);
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, MemberChecker checker)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            if (IsCompilerPlumbing(invocation, method))
            {
                return;
            }

            Report(context, checker.Check(method, invocation.Instance?.Type, HostArgument.FromOperations(invocation.Arguments), false), invocation.Syntax);
        }

        private static void AnalyzeObjectCreation(OperationAnalysisContext context, MemberChecker checker)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            IMethodSymbol? constructor = creation.Constructor;

            // The implicit parameterless constructor of a struct is not a real member.
            if (constructor == null || constructor.IsImplicitlyDeclared || IsCompilerPlumbing(creation, constructor))
            {
                return;
            }

            Report(context, checker.Check(constructor, null, HostArgument.FromOperations(creation.Arguments), false), creation.Syntax);
        }

        private static void AnalyzeMemberReference(OperationAnalysisContext context, MemberChecker checker)
        {
            IOperation operation = context.Operation;
            if (IsInsideNameof(operation))
            {
                return;
            }

            ISymbol? member;
            IOperation? instance;
            switch (operation)
            {
                case IPropertyReferenceOperation property:
                    (member, instance) = (property.Property, property.Instance);
                    break;
                case IFieldReferenceOperation field:
                    (member, instance) = (field.Field, field.Instance);
                    break;
                case IEventReferenceOperation eventReference:
                    (member, instance) = (eventReference.Event, eventReference.Instance);
                    break;
                case IMethodReferenceOperation methodReference:
                    (member, instance) = (methodReference.Method, methodReference.Instance);
                    break;
                default:
                    return;
            }

            IReadOnlyList<HostArgument>? indexerArguments = operation is IPropertyReferenceOperation { Arguments.Length: > 0 } indexer
                ? HostArgument.FromOperations(indexer.Arguments)
                : null;
            Report(context, checker.Check(member, instance?.Type, indexerArguments, IsWrittenTo(operation)), operation.Syntax);
        }

        private static void AnalyzeOperator(OperationAnalysisContext context, MemberChecker checker)
        {
            IMethodSymbol? method;
            switch (context.Operation)
            {
                case IBinaryOperation binary:
                    method = binary.OperatorMethod;
                    break;
                case IUnaryOperation unary:
                    method = unary.OperatorMethod;
                    break;
                case IIncrementOrDecrementOperation increment:
                    method = increment.OperatorMethod;
                    break;
                case ICompoundAssignmentOperation compound:
                    method = compound.OperatorMethod;
                    break;
                case IConversionOperation conversion:
                    method = conversion.OperatorMethod;
                    break;
                default:
                    return;
            }

            if (method == null || IsInsideNameof(context.Operation))
            {
                return;
            }

            Report(context, checker.Check(method, null, null, false), context.Operation.Syntax);
        }

        /// <summary>a?.B where B is a value type produces Nullable&lt;T&gt;, even though no T? is written.</summary>
        private static void AnalyzeConditionalAccess(OperationAnalysisContext context)
        {
            ITypeSymbol? type = context.Operation.Type;
            if (type is INamedTypeSymbol named && named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticRules.NullableValueType, context.Operation.Syntax.GetLocation(), context.Operation.Syntax.ToString()));
            }
        }

        /// <summary>Overriding a framework member nanoFramework's base class lacks fails on the device too.</summary>
        private static void AnalyzeOverride(SymbolAnalysisContext context, MemberChecker checker)
        {
            ISymbol symbol = context.Symbol;
            ISymbol? overridden;
            switch (symbol)
            {
                case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsOverride: true } method:
                    overridden = method.OverriddenMethod;
                    break;
                case IPropertySymbol { IsOverride: true } property:
                    overridden = property.OverriddenProperty;
                    break;
                case IEventSymbol { IsOverride: true } eventSymbol:
                    overridden = eventSymbol.OverriddenEvent;
                    break;
                default:
                    return;
            }

            if (overridden == null || symbol.Locations.Length == 0 || !symbol.Locations[0].IsInSource)
            {
                return;
            }

            Finding? finding = checker.Check(overridden, symbol.ContainingType, null, false);
            if (finding != null)
            {
                context.ReportDiagnostic(finding.ToDiagnostic(symbol.Locations[0]));
            }
        }

        private static void Report(OperationAnalysisContext context, Finding? finding, SyntaxNode syntax)
        {
            if (finding != null)
            {
                context.ReportDiagnostic(finding.ToDiagnostic(NameLocation(syntax)));
            }
        }

        /// <summary>
        /// Members the compiler calls on its own: interpolated string handlers (the host lowers $"..." through
        /// DefaultInterpolatedStringHandler, nanoFramework through string.Format) and anything under nameof.
        /// </summary>
        private static bool IsCompilerPlumbing(IOperation operation, IMethodSymbol method)
        {
            return HostNames.IsInterpolatedStringHandler(method.ContainingType) || IsInsideNameof(operation);
        }

        private static bool IsInsideNameof(IOperation operation)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is INameOfOperation)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsWrittenTo(IOperation operation)
        {
            switch (operation.Parent)
            {
                case IAssignmentOperation assignment:
                    return assignment.Target == operation;
                case IIncrementOrDecrementOperation _:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Points at the member name rather than the whole expression: "WaitOne" in "done.WaitOne(100)".</summary>
        private static Location NameLocation(SyntaxNode syntax)
        {
            switch (syntax)
            {
                case InvocationExpressionSyntax invocation:
                    return NameLocation(invocation.Expression);
                case MemberAccessExpressionSyntax memberAccess:
                    return memberAccess.Name.GetLocation();
                case MemberBindingExpressionSyntax memberBinding:
                    return memberBinding.Name.GetLocation();
                case ObjectCreationExpressionSyntax creation:
                    return creation.Type.GetLocation();
                default:
                    return syntax.GetLocation();
            }
        }
    }
}
