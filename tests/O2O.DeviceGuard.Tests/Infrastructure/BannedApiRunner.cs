using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace O2O.DeviceGuard.Tests.Infrastructure;

/// <summary>
/// Runs the real Microsoft.CodeAnalysis.BannedApiAnalyzers (copied from its NuGet package next to the tests)
/// with the repository's banned list, exactly as build/DeviceCode.targets wires it into device projects.
/// </summary>
internal static class BannedApiRunner
{
    private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> Analyzers = new(LoadAnalyzers);

    internal static async Task<ImmutableArray<Diagnostic>> RunAsync(string source)
    {
        Compilation compilation = HostCompilation.Create(source);
        HostCompilation.AssertCompiles(compilation);
        var options = new AnalyzerOptions([new FileText(TestData.BannedSymbolsFile)]);
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers(Analyzers.Value, options)
            .GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics;
    }

    private static ImmutableArray<DiagnosticAnalyzer> LoadAnalyzers()
    {
        var analyzers = Directory.GetFiles(TestData.BannedApiAnalyzersDirectory, "*.dll")
            .Select(Assembly.LoadFrom)
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => !type.IsAbstract
                && typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
                && type.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)))
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();
        Assert.Contains(analyzers, a => a.SupportedDiagnostics.Any(d => d.Id == "RS0030"));
        return analyzers;
    }

    /// <summary>An additional file read from disk, as MSBuild passes AdditionalFiles to the compiler.</summary>
    private sealed class FileText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default)
        {
            return SourceText.From(File.ReadAllText(Path));
        }
    }
}
