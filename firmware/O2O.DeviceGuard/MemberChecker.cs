using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using O2O.DeviceGuard.Surface;

namespace O2O.DeviceGuard
{
    /// <summary>
    /// Checks one use of a framework member (method, constructor, operator, property, field, event) against the
    /// surface: the member must exist on the declaring type or on one of its surface base types, with a
    /// compatible signature.
    /// </summary>
    internal sealed class MemberChecker
    {
        private const int MaxOverloadsShown = 4;

        private static readonly HashSet<string> EnumReflectionMembers = new HashSet<string>(StringComparer.Ordinal)
        {
            "GetValues", "GetNames", "GetName", "IsDefined", "Parse", "TryParse", "GetUnderlyingType",
            "GetValuesAsUnderlyingType", "Format", "ToObject",
        };

        private readonly ApiSurface _surface;
        private readonly PlatformBoundary _boundary;

        internal MemberChecker(ApiSurface surface, PlatformBoundary boundary)
        {
            _surface = surface;
            _boundary = boundary;
        }

        /// <param name="member">The member the host bound.</param>
        /// <param name="receiverType">Static type of the receiver, when there is one; it may be more derived than the declaring type.</param>
        /// <param name="arguments">Written arguments of a call; null for method groups and overrides.</param>
        /// <param name="needsSetter">True when a property or field is written to.</param>
        internal Finding? Check(ISymbol member, ITypeSymbol? receiverType, IReadOnlyList<HostArgument>? arguments, bool needsSetter)
        {
            INamedTypeSymbol? declaringType = member.ContainingType;
            if (declaringType == null)
            {
                return null;
            }

            string shown = HostNames.Display(member);
            Finding? finding = CheckUse(member, declaringType, shown, receiverType, arguments, needsSetter);

            // Prefer the hand-written alternative from the banned list over the generic explanation.
            string? hint = finding?.Rule == DiagnosticRules.MissingMember ? BannedMemberHints.For(member.OriginalDefinition.GetDocumentationCommentId()) : null;
            return hint == null ? finding : new Finding(DiagnosticRules.MissingMember, shown, hint);
        }

        private Finding? CheckUse(ISymbol member, INamedTypeSymbol declaringType, string shown, ITypeSymbol? receiverType, IReadOnlyList<HostArgument>? arguments, bool needsSetter)
        {
            bool isPlatform = _boundary.IsPlatform(declaringType);
            if (isPlatform && HostNames.TypeKey(declaringType) == "System.Enum" && EnumReflectionMembers.Contains(member.Name))
            {
                return new Finding(DiagnosticRules.EnumReflection, member.Name);
            }

            if (isPlatform && TypeClassifier.IsNamespaceOrChild(declaringType.ContainingNamespace?.ToDisplayString() ?? string.Empty, "System.Linq"))
            {
                return new Finding(DiagnosticRules.Linq, shown);
            }

            bool isGenericMethod = member is IMethodSymbol { IsGenericMethod: true };
            if (!isPlatform)
            {
                return isGenericMethod ? GenericMethod(shown) : null;
            }

            Finding? finding = CheckPlatformMember(member, shown, receiverType, arguments, needsSetter);

            // The host sometimes binds a generic overload where nanoFramework has a non-generic one that takes
            // the same arguments (Array.IndexOf<T>(T[], T) versus Array.IndexOf(Array, object)); that call is fine.
            return finding != null && isGenericMethod ? GenericMethod(shown) : finding;
        }

        private Finding? CheckPlatformMember(ISymbol member, string shown, ITypeSymbol? receiverType, IReadOnlyList<HostArgument>? arguments, bool needsSetter)
        {
            INamedTypeSymbol declaringType = member.ContainingType!;
            List<SurfaceType> declaringCandidates = SurfaceTypesFor(declaringType, receiverType);
            if (declaringCandidates.Count == 0)
            {
                // The type itself is missing; where the source names it, NF0018 already reports it there.
                // Extension methods and generic methods are the exception: their type need not appear in the source.
                return member is IMethodSymbol { IsExtensionMethod: true } || member is IMethodSymbol { IsGenericMethod: true }
                    ? new Finding(DiagnosticRules.MissingMember, shown, declaringType.ToDisplayString() + " is not in nanoFramework")
                    : null;
            }

            string lookupName = LookupName(member);
            List<SurfaceMember> candidates = declaringCandidates
                .SelectMany(type => type.MembersNamed(lookupName))
                .ToList();
            if (candidates.Count == 0)
            {
                return new Finding(DiagnosticRules.MissingMember, shown, "nanoFramework's " + Short(declaringCandidates[0].Key) + " has no " + DescribeLookup(member));
            }

            return member is IMethodSymbol method
                ? CheckMethod(method, shown, candidates, arguments)
                : CheckValueMember(member, shown, candidates, needsSetter);
        }

        private static Finding GenericMethod(string shown)
        {
            return new Finding(DiagnosticRules.GenericUse, shown, "write a non-generic method that takes object or a concrete type");
        }

        private static Finding? CheckMethod(IMethodSymbol method, string shown, List<SurfaceMember> candidates, IReadOnlyList<HostArgument>? arguments)
        {
            List<SurfaceMember> overloads = candidates.Where(c => c.IsMethodLike).ToList();
            bool matches = overloads.Any(c => SignatureMatcher.MatchesExactly(c, method))
                || (arguments != null && method.MethodKind != MethodKind.Conversion && overloads.Any(c => SignatureMatcher.AcceptsCall(c, arguments)))
                || (arguments == null && overloads.Any(c => SignatureMatcher.MatchesParameterCount(c, method)));
            return matches ? null : new Finding(DiagnosticRules.MissingMember, shown, "nanoFramework has only: " + ListOverloads(overloads));
        }

        private static Finding? CheckValueMember(ISymbol member, string shown, List<SurfaceMember> candidates, bool needsSetter)
        {
            if (member is IPropertySymbol { IsIndexer: true } indexer
                && !candidates.Any(c => c.Parameters.Count == indexer.Parameters.Length))
            {
                return new Finding(DiagnosticRules.MissingMember, shown, "nanoFramework has only: " + ListOverloads(candidates));
            }

            return needsSetter && !candidates.Any(c => c.HasSetter)
                ? new Finding(DiagnosticRules.MissingMember, shown + " (set)", "it is read-only on nanoFramework")
                : null;
        }

        /// <summary>
        /// Surface types that may declare the member: the host types from the receiver up to the declaring type
        /// (the host may declare a member on a base class nanoFramework does not have, e.g. HashAlgorithm.ComputeHash
        /// for HMACSHA256), each with its surface bases.
        /// </summary>
        private List<SurfaceType> SurfaceTypesFor(INamedTypeSymbol declaringType, ITypeSymbol? receiverType)
        {
            var hostTypes = new List<INamedTypeSymbol>();
            for (ITypeSymbol? current = receiverType; current is INamedTypeSymbol named; current = current.BaseType)
            {
                hostTypes.Add(named);
                if (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, declaringType.OriginalDefinition))
                {
                    break;
                }
            }

            hostTypes.Add(declaringType);
            var result = new List<SurfaceType>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (INamedTypeSymbol hostType in hostTypes)
            {
                if (_boundary.IsOwn(hostType) || !_surface.TryGetType(HostNames.TypeKey(hostType), out SurfaceType surfaceType))
                {
                    continue;
                }

                foreach (SurfaceType withBase in _surface.SelfAndBases(surfaceType))
                {
                    if (seen.Add(withBase.Key))
                    {
                        result.Add(withBase);
                    }
                }
            }

            return result;
        }

        private static string LookupName(ISymbol member)
        {
            switch (member)
            {
                case IMethodSymbol { MethodKind: MethodKind.Constructor }:
                    return ".ctor";
                case IPropertySymbol { IsIndexer: true }:
                    return "this[]";
                default:
                    return member.Name;
            }
        }

        private static string DescribeLookup(ISymbol member)
        {
            switch (member)
            {
                case IMethodSymbol { MethodKind: MethodKind.Constructor }:
                    return "such constructor";
                case IPropertySymbol { IsIndexer: true }:
                    return "indexer";
                case IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator }:
                case IMethodSymbol { MethodKind: MethodKind.Conversion }:
                    return "operator " + member.Name;
                default:
                    return "member named " + member.Name;
            }
        }

        private static string ListOverloads(List<SurfaceMember> overloads)
        {
            IEnumerable<string> shown = overloads.Take(MaxOverloadsShown).Select(o => o.Signature);
            return string.Join("; ", shown) + (overloads.Count > MaxOverloadsShown ? "; ..." : string.Empty);
        }

        private static string Short(string typeKey)
        {
            return typeKey.Substring(typeKey.LastIndexOf('.') + 1);
        }
    }
}
