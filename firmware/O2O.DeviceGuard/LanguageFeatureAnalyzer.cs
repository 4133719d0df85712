using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace O2O.DeviceGuard
{
    /// <summary>
    /// C# language features nanoFramework 1.x cannot compile or run, found from syntax alone: generic
    /// declarations, async/await, query syntax, stackalloc, u8 literals, index/range, records, tuples, volatile,
    /// yield, exception filters, multidimensional arrays, required and static abstract interface members.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LanguageFeatureAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticRules.GenericDeclaration,
            DiagnosticRules.GenericUse,
            DiagnosticRules.Async,
            DiagnosticRules.Linq,
            DiagnosticRules.Span,
            DiagnosticRules.IndexRange,
            DiagnosticRules.Record,
            DiagnosticRules.Tuple,
            DiagnosticRules.Decimal,
            DiagnosticRules.Volatile,
            DiagnosticRules.Iterator,
            DiagnosticRules.ExceptionFilter,
            DiagnosticRules.MultidimensionalArray,
            DiagnosticRules.RequiredMember,
            DiagnosticRules.StaticAbstractInterfaceMember);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);

            context.RegisterSyntaxNodeAction(AnalyzeTypeDeclaration, SyntaxKind.ClassDeclaration, SyntaxKind.StructDeclaration, SyntaxKind.InterfaceDeclaration, SyntaxKind.RecordDeclaration, SyntaxKind.RecordStructDeclaration);
            context.RegisterSyntaxNodeAction(AnalyzeDelegateDeclaration, SyntaxKind.DelegateDeclaration);
            context.RegisterSyntaxNodeAction(AnalyzeMethodDeclaration, SyntaxKind.MethodDeclaration);
            context.RegisterSyntaxNodeAction(AnalyzeLocalFunction, SyntaxKind.LocalFunctionStatement);
            context.RegisterSyntaxNodeAction(AnalyzeAnonymousFunction, SyntaxKind.ParenthesizedLambdaExpression, SyntaxKind.SimpleLambdaExpression, SyntaxKind.AnonymousMethodExpression);
            context.RegisterSyntaxNodeAction(c => Report(c, DiagnosticRules.Async, c.Node), SyntaxKind.AwaitExpression);
            context.RegisterSyntaxNodeAction(AnalyzeAwaitedStatement, SyntaxKind.ForEachStatement, SyntaxKind.ForEachVariableStatement, SyntaxKind.UsingStatement, SyntaxKind.LocalDeclarationStatement);
            context.RegisterSyntaxNodeAction(c => Report(c, DiagnosticRules.Linq, c.Node), SyntaxKind.QueryExpression);
            context.RegisterSyntaxNodeAction(c => Report(c, DiagnosticRules.Span, c.Node), SyntaxKind.StackAllocArrayCreationExpression, SyntaxKind.ImplicitStackAllocArrayCreationExpression, SyntaxKind.Utf8StringLiteralExpression);
            context.RegisterSyntaxNodeAction(c => Report(c, DiagnosticRules.IndexRange, c.Node), SyntaxKind.IndexExpression, SyntaxKind.RangeExpression, SyntaxKind.ListPattern);
            context.RegisterSyntaxNodeAction(AnalyzeTuple, SyntaxKind.TupleType, SyntaxKind.TupleExpression, SyntaxKind.ParenthesizedVariableDesignation);
            context.RegisterSyntaxNodeAction(AnalyzeNumericLiteral, SyntaxKind.NumericLiteralExpression);
            context.RegisterSyntaxNodeAction(AnalyzeField, SyntaxKind.FieldDeclaration);
            context.RegisterSyntaxNodeAction(AnalyzeProperty, SyntaxKind.PropertyDeclaration);
            context.RegisterSyntaxNodeAction(c => Report(c, DiagnosticRules.Iterator, c.Node), SyntaxKind.YieldReturnStatement, SyntaxKind.YieldBreakStatement);
            context.RegisterSyntaxNodeAction(c => Report(c, DiagnosticRules.ExceptionFilter, c.Node), SyntaxKind.CatchFilterClause);
            context.RegisterSyntaxNodeAction(AnalyzeArrayRank, SyntaxKind.ArrayRankSpecifier);
            context.RegisterSyntaxNodeAction(AnalyzeImplicitArray, SyntaxKind.ImplicitArrayCreationExpression);
            context.RegisterSyntaxNodeAction(AnalyzeAnonymousObject, SyntaxKind.AnonymousObjectCreationExpression);
        }

        private static void AnalyzeTypeDeclaration(SyntaxNodeAnalysisContext context)
        {
            var declaration = (TypeDeclarationSyntax)context.Node;
            if (declaration is RecordDeclarationSyntax)
            {
                Report(context, DiagnosticRules.Record, declaration.Identifier.GetLocation(), declaration.Identifier.ValueText);
            }

            ReportTypeParameters(context, declaration.TypeParameterList, declaration.Identifier);
        }

        private static void AnalyzeDelegateDeclaration(SyntaxNodeAnalysisContext context)
        {
            var declaration = (DelegateDeclarationSyntax)context.Node;
            ReportTypeParameters(context, declaration.TypeParameterList, declaration.Identifier);
        }

        private static void AnalyzeMethodDeclaration(SyntaxNodeAnalysisContext context)
        {
            var method = (MethodDeclarationSyntax)context.Node;
            ReportTypeParameters(context, method.TypeParameterList, method.Identifier);
            ReportAsyncModifier(context, method.Modifiers, method.Identifier.ValueText);
            ReportStaticAbstractInterfaceMember(context, method, method.Modifiers, method.Identifier);
        }

        private static void AnalyzeLocalFunction(SyntaxNodeAnalysisContext context)
        {
            var function = (LocalFunctionStatementSyntax)context.Node;
            ReportTypeParameters(context, function.TypeParameterList, function.Identifier);
            ReportAsyncModifier(context, function.Modifiers, function.Identifier.ValueText);
        }

        private static void AnalyzeAnonymousFunction(SyntaxNodeAnalysisContext context)
        {
            var function = (AnonymousFunctionExpressionSyntax)context.Node;
            if (function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
            {
                Report(context, DiagnosticRules.Async, function.AsyncKeyword.GetLocation(), "async lambda");
            }
        }

        /// <summary>await foreach, await using and await using var.</summary>
        private static void AnalyzeAwaitedStatement(SyntaxNodeAnalysisContext context)
        {
            SyntaxToken awaitKeyword = context.Node switch
            {
                CommonForEachStatementSyntax forEach => forEach.AwaitKeyword,
                UsingStatementSyntax usingStatement => usingStatement.AwaitKeyword,
                LocalDeclarationStatementSyntax declaration => declaration.AwaitKeyword,
                _ => default,
            };
            if (awaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
            {
                Report(context, DiagnosticRules.Async, awaitKeyword.GetLocation(), "await " + awaitKeyword.GetNextToken().ValueText);
            }
        }

        /// <summary>Reports the outermost tuple only, so ((a, b), c) gives one diagnostic.</summary>
        private static void AnalyzeTuple(SyntaxNodeAnalysisContext context)
        {
            SyntaxNode? parent = context.Node.Parent;
            bool nested = parent is TupleElementSyntax
                || parent is ParenthesizedVariableDesignationSyntax
                || (parent is ArgumentSyntax && parent.Parent is TupleExpressionSyntax);
            if (!nested)
            {
                Report(context, DiagnosticRules.Tuple, context.Node);
            }
        }

        private static void AnalyzeNumericLiteral(SyntaxNodeAnalysisContext context)
        {
            var literal = (LiteralExpressionSyntax)context.Node;
            if (literal.Token.Value is decimal)
            {
                Report(context, DiagnosticRules.Decimal, literal);
            }
        }

        private static void AnalyzeField(SyntaxNodeAnalysisContext context)
        {
            var field = (FieldDeclarationSyntax)context.Node;
            foreach (VariableDeclaratorSyntax variable in field.Declaration.Variables)
            {
                if (field.Modifiers.Any(SyntaxKind.VolatileKeyword))
                {
                    Report(context, DiagnosticRules.Volatile, variable.Identifier.GetLocation(), variable.Identifier.ValueText);
                }

                if (field.Modifiers.Any(SyntaxKind.RequiredKeyword))
                {
                    Report(context, DiagnosticRules.RequiredMember, variable.Identifier.GetLocation(), variable.Identifier.ValueText);
                }
            }
        }

        private static void AnalyzeProperty(SyntaxNodeAnalysisContext context)
        {
            var property = (PropertyDeclarationSyntax)context.Node;
            if (property.Modifiers.Any(SyntaxKind.RequiredKeyword))
            {
                Report(context, DiagnosticRules.RequiredMember, property.Identifier.GetLocation(), property.Identifier.ValueText);
            }

            ReportStaticAbstractInterfaceMember(context, property, property.Modifiers, property.Identifier);
        }

        /// <summary>[,] in a type or an array creation; jagged [][] has rank 1 per specifier and is fine.</summary>
        private static void AnalyzeArrayRank(SyntaxNodeAnalysisContext context)
        {
            var rank = (ArrayRankSpecifierSyntax)context.Node;
            if (rank.Rank > 1)
            {
                Report(context, DiagnosticRules.MultidimensionalArray, rank.Parent ?? rank);
            }
        }

        private static void AnalyzeImplicitArray(SyntaxNodeAnalysisContext context)
        {
            var creation = (ImplicitArrayCreationExpressionSyntax)context.Node;
            if (creation.Commas.Count > 0)
            {
                Report(context, DiagnosticRules.MultidimensionalArray, creation.NewKeyword.GetLocation(), "new[" + new string(',', creation.Commas.Count) + "]");
            }
        }

        private static void AnalyzeAnonymousObject(SyntaxNodeAnalysisContext context)
        {
            Report(context, DiagnosticRules.GenericUse, context.Node.GetLocation(), "anonymous type", "the compiler emits anonymous types as generic classes; declare a small class");
        }

        private static void ReportTypeParameters(SyntaxNodeAnalysisContext context, TypeParameterListSyntax? typeParameters, SyntaxToken identifier)
        {
            if (typeParameters != null && typeParameters.Parameters.Count > 0)
            {
                Report(context, DiagnosticRules.GenericDeclaration, identifier.GetLocation(), identifier.ValueText + typeParameters);
            }
        }

        private static void ReportAsyncModifier(SyntaxNodeAnalysisContext context, SyntaxTokenList modifiers, string name)
        {
            foreach (SyntaxToken modifier in modifiers)
            {
                if (modifier.IsKind(SyntaxKind.AsyncKeyword))
                {
                    Report(context, DiagnosticRules.Async, modifier.GetLocation(), "async " + name);
                }
            }
        }

        private static void ReportStaticAbstractInterfaceMember(SyntaxNodeAnalysisContext context, MemberDeclarationSyntax member, SyntaxTokenList modifiers, SyntaxToken identifier)
        {
            bool inInterface = member.Parent is InterfaceDeclarationSyntax;
            bool staticAbstract = modifiers.Any(SyntaxKind.StaticKeyword)
                && (modifiers.Any(SyntaxKind.AbstractKeyword) || modifiers.Any(SyntaxKind.VirtualKeyword));
            if (inInterface && staticAbstract)
            {
                Report(context, DiagnosticRules.StaticAbstractInterfaceMember, identifier.GetLocation(), identifier.ValueText);
            }
        }

        private static void Report(SyntaxNodeAnalysisContext context, DiagnosticDescriptor rule, SyntaxNode node)
        {
            Report(context, rule, node.GetLocation(), node.ToString());
        }

        private static void Report(SyntaxNodeAnalysisContext context, DiagnosticDescriptor rule, Location location, params object[] messageArgs)
        {
            context.ReportDiagnostic(Diagnostic.Create(rule, location, messageArgs));
        }
    }
}
