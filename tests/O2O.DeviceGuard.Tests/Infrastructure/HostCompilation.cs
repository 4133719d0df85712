using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace O2O.DeviceGuard.Tests.Infrastructure;

/// <summary>Compiles a sample the way the host (net10.0) build of a device project does.</summary>
internal static class HostCompilation
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    internal static CSharpCompilation Create(string source, params MetadataReference[] extraReferences)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(
            source,
            new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Parse),
            path: "Sample.cs");
        return CSharpCompilation.Create(
            "Sample" + Guid.NewGuid().ToString("N"),
            [tree],
            References.Value.AddRange(extraReferences),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true));
    }

    /// <summary>Fails the test when the sample itself does not compile on the host; a broken sample proves nothing.</summary>
    internal static void AssertCompiles(Compilation compilation)
    {
        Diagnostic[] errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .ToArray();
        Assert.True(errors.Length == 0, "Sample does not compile:\n" + string.Join("\n", errors.Select(e => e.ToString())));
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string[] paths = File.ReadAllLines(TestData.HostReferenceListFile)
            .Where(line => line.Length > 0)
            .ToArray();
        Assert.Contains(paths, p => Path.GetFileName(p) == "System.Runtime.dll");
        Assert.Contains(paths, p => Path.GetFileName(p) == "System.Device.Gpio.dll");
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
