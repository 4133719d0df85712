using Microsoft.CodeAnalysis;

namespace O2O.DeviceGuard
{
    /// <summary>
    /// Every rule of the device-code guard. All are errors: code that trips one of them compiles on the
    /// host but would not compile (or not run) under stable nanoFramework 1.x on the ESP32.
    /// </summary>
    internal static class DiagnosticRules
    {
        internal const string Category = "nanoFramework";

        internal const string GenericDeclarationId = "NF0001";
        internal const string GenericUseId = "NF0002";
        internal const string NullableValueTypeId = "NF0003";
        internal const string AsyncId = "NF0004";
        internal const string LinqId = "NF0005";
        internal const string SystemTextJsonId = "NF0006";
        internal const string SpanId = "NF0007";
        internal const string IndexRangeId = "NF0008";
        internal const string RecordId = "NF0009";
        internal const string TupleId = "NF0010";
        internal const string DynamicId = "NF0011";
        internal const string DecimalId = "NF0012";
        internal const string VolatileId = "NF0013";
        internal const string IteratorId = "NF0014";
        internal const string ExceptionFilterId = "NF0015";
        internal const string MultidimensionalArrayId = "NF0016";
        internal const string EnumReflectionId = "NF0017";
        internal const string MissingTypeId = "NF0018";
        internal const string MissingMemberId = "NF0019";
        internal const string MissingNamespaceId = "NF0020";
        internal const string RequiredMemberId = "NF0021";
        internal const string StaticAbstractInterfaceMemberId = "NF0022";

        internal static readonly DiagnosticDescriptor GenericDeclaration = Create(
            GenericDeclarationId,
            "Generic declaration",
            "'{0}' declares type parameters; nanoFramework 1.x has no generics — use object with casts or a non-generic type",
            "Declaring generic types, methods, delegates or local functions needs the nanoFramework 2.0 preview.");

        internal static readonly DiagnosticDescriptor GenericUse = Create(
            GenericUseId,
            "Use of a generic type or method",
            "'{0}' is generic; nanoFramework 1.x has no generics — {1}",
            "Constructed generic types (List<T>, Dictionary<K,V>, Action<T>, Func<T>, EventHandler<T>), generic method calls and anonymous types (compiled to generic classes) do not run on stable nanoFramework.");

        internal static readonly DiagnosticDescriptor NullableValueType = Create(
            NullableValueTypeId,
            "Nullable value type",
            "'{0}' is Nullable<T>; nanoFramework 1.x has no Nullable<T> — use a sentinel value or a separate bool flag",
            "int?, Nullable<T> and ?. on value-type members need System.Nullable<T>, which nanoFramework's mscorlib lacks.");

        internal static readonly DiagnosticDescriptor Async = Create(
            AsyncId,
            "async/await or Task",
            "'{0}' needs async/Task support; nanoFramework 1.x has no System.Threading.Tasks — use a Thread, a Timer or a blocking call",
            "async, await, Task, ValueTask and async streams need System.Threading.Tasks, which nanoFramework does not ship.");

        internal static readonly DiagnosticDescriptor Linq = Create(
            LinqId,
            "LINQ",
            "'{0}' uses LINQ; nanoFramework 1.x has no System.Linq — write a foreach loop",
            "LINQ methods, query syntax and the System.Linq namespace do not exist on nanoFramework.");

        internal static readonly DiagnosticDescriptor SystemTextJson = Create(
            SystemTextJsonId,
            "System.Text.Json",
            "'{0}' is System.Text.Json; nanoFramework 1.x does not have it — use nanoFramework.Json (JsonConvert)",
            "System.Text.Json does not exist on nanoFramework; the device side uses the nanoFramework.Json package.");

        internal static readonly DiagnosticDescriptor Span = Create(
            SpanId,
            "Span, Memory, stackalloc or UTF-8 literal",
            "'{0}' needs Span<T>/Memory<T>; nanoFramework 1.x has none — use byte[] with offset and count, or SpanByte",
            "Span<T>, ReadOnlySpan<T>, Memory<T>, stackalloc and \"...\"u8 literals need types nanoFramework's mscorlib lacks.");

        internal static readonly DiagnosticDescriptor IndexRange = Create(
            IndexRangeId,
            "Index or range syntax",
            "'{0}' uses index/range syntax; nanoFramework 1.x has no System.Index or System.Range — index with Length - 1, or use Array.Copy or Substring",
            "^i, a..b, slices and list patterns need System.Index and System.Range, which nanoFramework lacks.");

        internal static readonly DiagnosticDescriptor Record = Create(
            RecordId,
            "Record",
            "'{0}' is a record; nanoFramework 1.x cannot compile records — write a class or struct with explicit members",
            "Records need IEquatable<T>, which nanoFramework's mscorlib lacks.");

        internal static readonly DiagnosticDescriptor Tuple = Create(
            TupleId,
            "Tuple",
            "'{0}' uses a tuple; nanoFramework 1.x has no ValueTuple — return a small class or struct, or use out parameters",
            "Tuple types, tuple literals and deconstruction need System.ValueTuple, which nanoFramework lacks.");

        internal static readonly DiagnosticDescriptor Dynamic = Create(
            DynamicId,
            "dynamic",
            "'{0}' is dynamic; nanoFramework 1.x has no runtime binder — use a static type with casts",
            "dynamic needs the Microsoft.CSharp runtime binder, which nanoFramework lacks.");

        internal static readonly DiagnosticDescriptor Decimal = Create(
            DecimalId,
            "decimal",
            "'{0}' is decimal; nanoFramework 1.x has no System.Decimal — use double or a scaled long",
            "System.Decimal does not exist in nanoFramework's mscorlib.");

        internal static readonly DiagnosticDescriptor Volatile = Create(
            VolatileId,
            "volatile field",
            "Field '{0}' is volatile; nanoFramework 1.x lacks the IsVolatile modifier type — use lock, or Interlocked on an int",
            "volatile fields need System.Runtime.CompilerServices.IsVolatile, which nanoFramework's mscorlib lacks.");

        internal static readonly DiagnosticDescriptor Iterator = Create(
            IteratorId,
            "Iterator (yield)",
            "'{0}' makes an iterator; nanoFramework 1.x has no IEnumerator<T> for yield — fill and return an ArrayList or an array",
            "yield return and yield break need IEnumerator<T>, which nanoFramework lacks, even for non-generic IEnumerable iterators.");

        internal static readonly DiagnosticDescriptor ExceptionFilter = Create(
            ExceptionFilterId,
            "Exception filter",
            "'{0}' is an exception filter; nanoFramework 1.x does not support them — test the condition inside the catch block and rethrow with 'throw;'",
            "catch (...) when (...) is not supported on stable nanoFramework.");

        internal static readonly DiagnosticDescriptor MultidimensionalArray = Create(
            MultidimensionalArrayId,
            "Multidimensional array",
            "'{0}' is a multidimensional array; nanoFramework 1.x does not support them — use a jagged array T[][]",
            "T[,] compiles against nanoFramework's mscorlib but is not supported by its runtime.");

        internal static readonly DiagnosticDescriptor EnumReflection = Create(
            EnumReflectionId,
            "Enum reflection helper",
            "'Enum.{0}' does not exist in nanoFramework 1.x (Enum has only HasFlag and ToString) — use a switch or a lookup array",
            "Enum.GetValues, GetNames, GetName, IsDefined, Parse and TryParse do not exist on nanoFramework.");

        internal static readonly DiagnosticDescriptor MissingType = Create(
            MissingTypeId,
            "Type not in nanoFramework",
            "Type '{0}' does not exist in nanoFramework 1.x — {1}",
            "Every framework type that device code uses must be listed in nanoframework-api-surface.txt, the public surface of the nanoFramework 1.x libraries.");

        internal static readonly DiagnosticDescriptor MissingMember = Create(
            MissingMemberId,
            "Member not in nanoFramework",
            "'{0}' does not exist in nanoFramework 1.x — {1}",
            "Every framework member that device code uses must be listed, with a compatible signature, in nanoframework-api-surface.txt.");

        internal static readonly DiagnosticDescriptor MissingNamespace = Create(
            MissingNamespaceId,
            "Namespace not in nanoFramework",
            "Namespace '{0}' does not exist in nanoFramework 1.x — {1}",
            "A using directive for a namespace that nanoFramework does not have fails to compile on the device.");

        internal static readonly DiagnosticDescriptor RequiredMember = Create(
            RequiredMemberId,
            "required member",
            "'{0}' is a required member; nanoFramework 1.x has no RequiredMemberAttribute — take the value as a constructor parameter",
            "The required modifier needs RequiredMemberAttribute, which nanoFramework's mscorlib lacks.");

        internal static readonly DiagnosticDescriptor StaticAbstractInterfaceMember = Create(
            StaticAbstractInterfaceMemberId,
            "Static abstract interface member",
            "'{0}' is a static abstract or static virtual interface member; the nanoFramework 1.x runtime does not support them — use an instance member",
            "Static abstract and static virtual interface members need a runtime feature nanoFramework does not declare.");

        private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description)
        {
            return new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                Category,
                DiagnosticSeverity.Error,
                isEnabledByDefault: true,
                description: description);
        }
    }
}
