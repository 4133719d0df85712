using O2O.DeviceGuard.Tests.Infrastructure;

namespace O2O.DeviceGuard.Tests;

/// <summary>
/// One or more samples per rule; [| |] marks the construct the diagnostic must point at.
/// Every sample compiles on the host, which is exactly why the guard has to catch it.
/// </summary>
public sealed class RuleTests
{
    public static TheoryData<string, string> Samples => new()
    {
        // NF0001 generic declarations
        { "NF0001", "class [|Box|]<T> { public T? Value; }" },
        { "NF0001", "class C { static void [|Echo|]<T>(T value) { } }" },
        { "NF0001", "delegate void [|Handler|]<T>(T value);" },
        { "NF0001", "class C { void M() { Local<int>(); static void [|Local|]<T>() { } } }" },

        // NF0002 generic uses
        { "NF0002", "using System.Collections.Generic; class C { [|List<int>|] items = new [|List<int>|](); }" },
        { "NF0002", "class C { System.Collections.Generic.[|Dictionary<string, int>|]? map; }" },
        { "NF0002", "class C { System.[|Action<int>|]? a; System.[|Func<int>|]? f; event System.[|EventHandler<System.EventArgs>|]? E; }" },
        { "NF0002", "class C { static int Echo(object o) => 0; static T Echo<T>(T value) => value; void M() { [|Echo|](1); } }" },
        { "NF0002", "class C { void M() { [|var|] f = () => 1; } }" },
        { "NF0002", "class C { void M() { var x = System.Array.[|Empty<int>|](); } }" },
        { "NF0002", "class C { object M() => [|new { A = 1 }|]; }" },

        // NF0003 Nullable<T>
        { "NF0003", "class C { [|int?|] count; }" },
        { "NF0003", "class C { System.[|Nullable<int>|] count; }" },
        { "NF0003", "class C { void M(string s) { object o = [|s?.Length|]; } }" },

        // NF0004 async/await and Task
        { "NF0004", "using System.Threading.Tasks; class C { [|async|] [|Task|] M() { [|await Task.Delay(1)|]; } }" },
        { "NF0004", "class C { System.Threading.Tasks.[|ValueTask|] M() => default; }" },
        { "NF0004", "[|using System.Threading.Tasks;|] class C { }" },

        // NF0005 LINQ
        { "NF0005", "[|using System.Linq;|] class C { }" },
        { "NF0005", "using System.Linq; class C { object M(int[] values) => [|from v in values where v > 1 select v|]; }" },
        { "NF0005", "class C { object M(int[] values) => System.Linq.Enumerable.[|Where|](values, v => v > 1); }" },

        // NF0006 System.Text.Json
        { "NF0006", "class C { string M() => System.Text.Json.[|JsonSerializer|].Serialize(1); }" },

        // NF0007 Span, stackalloc, u8
        { "NF0007", "class C { void M() { System.[|Span<byte>|] s = [|stackalloc byte[4]|]; } }" },
        { "NF0007", "class C { void M() { var u = [|\"abc\"u8|]; } }" },
        { "NF0007", "class C { void M(System.[|ReadOnlySpan<char>|] text, System.[|Memory<byte>|] buffer) { } }" },

        // NF0008 index and range
        { "NF0008", "class C { int M(int[] a) => a[[|^1|]]; }" },
        { "NF0008", "class C { int[] M(int[] a) => a[[|1..2|]]; }" },
        { "NF0008", "class C { bool M(int[] a) => a is [|[1, ..]|]; }" },

        // NF0009 records
        { "NF0009", "record [|Point|](int X, int Y);" },
        { "NF0009", "record struct [|Size|](int Width, int Height);" },

        // NF0010 tuples
        { "NF0010", "class C { [|(int, int)|] M() => [|(1, 2)|]; }" },
        { "NF0010", "class C { (int A, int B) M() => (1, 2); void N() { var [|(a, b)|] = M(); } }" },

        // NF0011 dynamic
        { "NF0011", "class C { void M() { [|dynamic|] d = 1; } }" },

        // NF0012 decimal
        { "NF0012", "class C { [|decimal|] price = [|1.5m|]; }" },

        // NF0013 volatile
        { "NF0013", "class C { volatile bool [|_stop|]; }" },

        // NF0014 iterators
        { "NF0014", "class C { System.Collections.IEnumerable M() { [|yield return 1;|] [|yield break;|] } }" },

        // NF0015 exception filters
        { "NF0015", "class C { void M() { try { } catch (System.Exception e) [|when (e.Message != null)|] { } } }" },

        // NF0016 multidimensional arrays
        { "NF0016", "class C { [|int[,]|] grid = new [|int[2, 3]|]; }" },
        { "NF0016", "class C { object grid = [|new|][,] { { 1 } }; }" },

        // NF0017 Enum reflection helpers
        { "NF0017", "using System; class C { void M() { Enum.[|GetValues|](typeof(DayOfWeek)); Enum.[|GetNames|](typeof(DayOfWeek)); } }" },
        { "NF0017", "using System; class C { void M() { Enum.[|IsDefined|](typeof(DayOfWeek), 1); Enum.[|Parse|](typeof(DayOfWeek), \"Monday\"); } }" },

        // NF0018 framework types nanoFramework lacks
        { "NF0018", "class C { long M() => System.Diagnostics.[|Stopwatch|].StartNew().ElapsedMilliseconds; }" },
        { "NF0018", "class C { object? M() => System.[|Activator|].CreateInstance(typeof(object)); }" },
        { "NF0018", "class C { void M() { System.Threading.[|ThreadPool|].QueueUserWorkItem(_ => { }); } }" },
        { "NF0018", "class C { bool M(string a) => a.Equals(\"b\", System.[|StringComparison|].Ordinal); }" },

        // NF0019 framework members nanoFramework lacks (or has with other parameters)
        { "NF0019", "class C { string M(string s) => s.[|Replace|](\"a\", \"b\"); }" },
        { "NF0019", "class C { bool M(System.Threading.ManualResetEvent e) => e.[|WaitOne|](100); }" },
        { "NF0019", "class C { string M(byte[] b) => System.Text.Encoding.UTF8.[|GetString|](b); }" },
        { "NF0019", "class C { double M(double x) => System.Math.[|Round|](x, 2); }" },
        { "NF0019", "class C { System.DateTime M() => System.DateTime.[|Now|]; }" },
        { "NF0019", "class C { System.TimeSpan M() => System.TimeSpan.[|FromSeconds|](1.5); }" },
        { "NF0019", "class C { object M() => System.Text.Encoding.[|ASCII|]; }" },
        { "NF0019", "class C { void M() { System.Threading.Thread.CurrentThread.Priority = System.Threading.ThreadPriority.Highest; System.Threading.Thread.CurrentThread.[|IsBackground|] = true; } }" },
        { "NF0019", "using System; class C { void M() { \"abc\".[|AsSpan|](); } }" },
        { "NF0019", "class E : System.Exception { public override string? [|HelpLink|] { get; set; } }" },
        { "NF0019", "class C { System.TimeSpan M(System.TimeSpan t) => [|t * 2|]; }" },

        // NF0020 namespaces nanoFramework lacks
        { "NF0020", "[|using System.Collections.Generic;|] class C { }" },
        { "NF0020", "[|using System.Xml;|] class C { }" },

        // NF0021 required members
        { "NF0021", "class C { public required int [|Id|] { get; set; } public required string [|Name|]; }" },

        // NF0022 static abstract interface members
        { "NF0022", "interface IParse { static abstract int [|Parse|](string s); static virtual int [|Zero|] => 0; }" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public Task Rule_is_reported_on_the_marked_construct(string id, string markup)
    {
        return GuardRunner.AssertReportedAsync(id, markup);
    }

    [Fact]
    public void Every_rule_has_a_sample()
    {
        string[] ruleIds = typeof(DiagnosticRules)
            .GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)
            .Where(field => field.FieldType == typeof(Microsoft.CodeAnalysis.DiagnosticDescriptor))
            .Select(field => ((Microsoft.CodeAnalysis.DiagnosticDescriptor)field.GetValue(null)!).Id)
            .ToArray();
        string[] sampled = [.. Samples.Select(row => (string)row[0])];

        Assert.Equal(22, ruleIds.Length);
        Assert.All(ruleIds, id => Assert.Contains(id, sampled));
    }
}
