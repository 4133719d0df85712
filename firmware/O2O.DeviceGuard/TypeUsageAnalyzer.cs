using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using O2O.DeviceGuard.Surface;

namespace O2O.DeviceGuard
{
    /// <summary>
    /// Checks every type device code names (and every type 'var' stands for) and every namespace it imports:
    /// generic types, Nullable&lt;T&gt;, tuples, Task, Span, LINQ, System.Text.Json, dynamic, decimal, and any
    /// framework type the nanoFramework surface does not list.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TypeUsageAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticRules.GenericUse,
            DiagnosticRules.NullableValueType,
            DiagnosticRules.Async,
            DiagnosticRules.Linq,
            DiagnosticRules.SystemTextJson,
            DiagnosticRules.Span,
            DiagnosticRules.Tuple,
            DiagnosticRules.Dynamic,
            DiagnosticRules.Decimal,
            DiagnosticRules.MissingType,
            DiagnosticRules.MissingNamespace);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var classifier = new TypeClassifier(ApiSurface.Default, new PlatformBoundary(start.Compilation));
                start.RegisterSyntaxNodeAction(c => AnalyzeTypeName(c, classifier), SyntaxKind.IdentifierName, SyntaxKind.GenericName, SyntaxKind.PredefinedType);
                start.RegisterSyntaxNodeAction(AnalyzeNullableType, SyntaxKind.NullableType);
                start.RegisterSyntaxNodeAction(c => AnalyzeUsing(c, classifier.Boundary), SyntaxKind.UsingDirective);
            });
        }

        private static void AnalyzeTypeName(SyntaxNodeAnalysisContext context, TypeClassifier classifier)
        {
            var name = (TypeSyntax)context.Node;

            // Doc-comment crefs are never compiled into the device image.
            if (name.IsPartOfStructuredTrivia() || IsInsideNameof(name))
            {
                return;
            }

            ISymbol? symbol = context.SemanticModel.GetSymbolInfo(name, context.CancellationToken).Symbol;
            ITypeSymbol? type = symbol switch
            {
                ITypeSymbol t => t,
                IAliasSymbol { Target: ITypeSymbol aliased } => aliased,

                // An attribute name binds to the attribute's constructor.
                IMethodSymbol { MethodKind: MethodKind.Constructor } constructor when name.Parent is AttributeSyntax => constructor.ContainingType,
                _ => null,
            };
            if (type == null)
            {
                return;
            }

            Finding? finding = classifier.Classify(type);
            if (finding != null)
            {
                context.ReportDiagnostic(finding.ToDiagnostic(name.GetLocation()));
            }
        }

        /// <summary>int? and friends; string? is only an annotation and compiles on nanoFramework.</summary>
        private static void AnalyzeNullableType(SyntaxNodeAnalysisContext context)
        {
            ITypeSymbol? type = context.SemanticModel.GetTypeInfo(context.Node, context.CancellationToken).Type;
            if (type is INamedTypeSymbol named && named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T && !IsInsideNameof(context.Node))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticRules.NullableValueType, context.Node.GetLocation(), context.Node.ToString()));
            }
        }

        private static void AnalyzeUsing(SyntaxNodeAnalysisContext context, PlatformBoundary boundary)
        {
            var directive = (UsingDirectiveSyntax)context.Node;
            if (directive.Name == null
                || !(context.SemanticModel.GetSymbolInfo(directive.Name, context.CancellationToken).Symbol is INamespaceSymbol ns)
                || boundary.IsOwnNamespace(ns))
            {
                return;
            }

            string name = ns.ToDisplayString();
            if (ApiSurface.Default.ContainsNamespace(name))
            {
                return;
            }

            Diagnostic diagnostic = TypeClassifier.IsNamespaceOrChild(name, "System.Linq")
                ? Diagnostic.Create(DiagnosticRules.Linq, directive.GetLocation(), directive.ToString().Trim())
                : TypeClassifier.IsNamespaceOrChild(name, "System.Threading.Tasks")
                    ? Diagnostic.Create(DiagnosticRules.Async, directive.GetLocation(), directive.ToString().Trim())
                    : TypeClassifier.IsNamespaceOrChild(name, "System.Text.Json")
                        ? Diagnostic.Create(DiagnosticRules.SystemTextJson, directive.GetLocation(), directive.ToString().Trim())
                        : Diagnostic.Create(DiagnosticRules.MissingNamespace, directive.GetLocation(), name, Alternatives.ForNamespace(name));
            context.ReportDiagnostic(diagnostic);
        }

        internal static bool IsInsideNameof(SyntaxNode node)
        {
            foreach (InvocationExpressionSyntax invocation in node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>())
            {
                if (invocation.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
