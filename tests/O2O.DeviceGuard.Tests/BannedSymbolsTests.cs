using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using O2O.DeviceGuard.Tests.Infrastructure;

namespace O2O.DeviceGuard.Tests;

/// <summary>The banned-API list: every entry must name a real host symbol, and the real analyzer must enforce it.</summary>
public sealed class BannedSymbolsTests
{
    public static TheoryData<string> BannedUses => new()
    {
        "class C { string M(string s) => s.[|Replace(\"a\", \"b\")|]; }",
        "class C { string M(string[] parts) => string.[|Join(\",\", parts)|]; }",
        "class C { bool M(string s) => string.[|IsNullOrWhiteSpace(s)|]; }",
        "class C { bool M(System.Threading.AutoResetEvent e) => e.[|WaitOne(100)|]; }",
        "class C { string M(byte[] b) => System.Text.Encoding.UTF8.[|GetString(b)|]; }",
        "class C { System.DateTime M() => System.DateTime.[|Now|]; }",
        "class C { double M(double x) => System.Math.[|Round(x, 2)|]; }",
        "class C { bool M(System.Collections.Hashtable t) => t.[|ContainsKey(1)|]; }",
        "class C { void M() { System.Threading.Thread.CurrentThread.[|IsBackground|] = true; } }",
        "class C { System.TimeSpan M() => System.TimeSpan.[|FromSeconds(1.5)|]; }",
        "class C { bool M(char c) => char.[|IsDigit(c)|]; }",
        "class C { long M(long a, long b) => System.Math.[|Max(a, b)|]; }",
    };

    [Fact]
    public void Every_banned_entry_resolves_to_a_host_symbol()
    {
        Compilation compilation = HostCompilation.Create("class Empty { }");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (string line in File.ReadAllLines(TestData.BannedSymbolsFile))
        {
            if (line.Trim().Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            string[] parts = line.Split(';', 2);
            string id = parts[0].Trim();
            if (parts.Length < 2 || parts[1].Trim().Length == 0)
            {
                problems.Add($"{id}: no reason after ';'");
            }

            if (!seen.Add(id))
            {
                problems.Add($"{id}: listed twice");
            }

            if (DocumentationCommentId.GetSymbolsForDeclarationId(id, compilation).IsEmpty)
            {
                problems.Add($"{id}: matches no symbol in the net10.0 reference assemblies");
            }
        }

        Assert.True(seen.Count > 150, $"Only {seen.Count} entries were read.");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(BannedUses))]
    public async Task Banned_member_is_reported_as_RS0030(string markup)
    {
        var parsed = Markup.Parse(markup);
        ImmutableArray<Diagnostic> diagnostics = await BannedApiRunner.RunAsync(parsed.Source);

        Assert.Contains(diagnostics, d => d.Id == "RS0030" && d.Location.SourceSpan.OverlapsWith(parsed.Spans[0]));
    }

    [Fact]
    public async Task Device_safe_code_uses_nothing_banned()
    {
        ImmutableArray<Diagnostic> diagnostics = await BannedApiRunner.RunAsync(CleanSampleTests.DeviceSafeCode);

        Assert.True(diagnostics.IsEmpty, "Unexpected diagnostics:\n" + GuardRunner.Describe(diagnostics));
    }
}
