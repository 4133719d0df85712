using System.Collections.Generic;

namespace O2O.DeviceGuard.Surface
{
    internal enum SurfaceMemberKind
    {
        Method,
        Constructor,
        Operator,
        Property,
        Indexer,
        Field,
        Event,
    }

    /// <summary>One parameter of a surface member; the type is kept as a normalised simple name (see <see cref="TypeNames"/>).</summary>
    internal sealed class SurfaceParameter
    {
        internal SurfaceParameter(string typeName, bool isOptional, bool isParams)
        {
            TypeName = typeName;
            IsOptional = isOptional;
            IsParams = isParams;
        }

        internal string TypeName { get; }

        internal bool IsOptional { get; }

        internal bool IsParams { get; }
    }

    /// <summary>
    /// One member line of the surface file. <see cref="LookupName"/> is the metadata-style name the host symbol
    /// would have: ".ctor" for constructors, "this[]" for indexers, "op_Addition" and friends for operators.
    /// </summary>
    internal sealed class SurfaceMember
    {
        internal SurfaceMember(
            string lookupName,
            SurfaceMemberKind kind,
            IReadOnlyList<SurfaceParameter> parameters,
            string? returnTypeName,
            bool hasSetter,
            string signature)
        {
            LookupName = lookupName;
            Kind = kind;
            Parameters = parameters;
            ReturnTypeName = returnTypeName;
            HasSetter = hasSetter;
            Signature = signature;
        }

        internal string LookupName { get; }

        internal SurfaceMemberKind Kind { get; }

        internal IReadOnlyList<SurfaceParameter> Parameters { get; }

        internal string? ReturnTypeName { get; }

        /// <summary>True for writable properties and indexers, and for fields that are neither const nor readonly.</summary>
        internal bool HasSetter { get; }

        /// <summary>The member line as written in the surface file, for diagnostics.</summary>
        internal string Signature { get; }

        internal bool IsMethodLike =>
            Kind == SurfaceMemberKind.Method || Kind == SurfaceMemberKind.Constructor || Kind == SurfaceMemberKind.Operator;
    }

    /// <summary>One type of the surface file, keyed like a host type ("System.Collections.ArrayList", "System.Action`1").</summary>
    internal sealed class SurfaceType
    {
        private readonly Dictionary<string, List<SurfaceMember>> _membersByName = new Dictionary<string, List<SurfaceMember>>();

        internal SurfaceType(string key, string kind, IReadOnlyList<string> baseTypeKeys)
        {
            Key = key;
            Kind = kind;
            BaseTypeKeys = baseTypeKeys;
        }

        internal string Key { get; }

        /// <summary>class, struct, interface, enum or delegate.</summary>
        internal string Kind { get; }

        internal IReadOnlyList<string> BaseTypeKeys { get; }

        internal IReadOnlyList<SurfaceMember> MembersNamed(string lookupName)
        {
            return _membersByName.TryGetValue(lookupName, out List<SurfaceMember>? members)
                ? members
                : (IReadOnlyList<SurfaceMember>)System.Array.Empty<SurfaceMember>();
        }

        internal void Add(SurfaceMember member)
        {
            if (!_membersByName.TryGetValue(member.LookupName, out List<SurfaceMember>? members))
            {
                members = new List<SurfaceMember>();
                _membersByName.Add(member.LookupName, members);
            }

            members.Add(member);
        }
    }
}
