using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace O2O.DeviceGuard.Tests.Infrastructure;

/// <summary>Runs the device guard analyzers over a sample compiled like a host device project.</summary>
internal static class GuardRunner
{
    internal static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
        [new LanguageFeatureAnalyzer(), new TypeUsageAnalyzer(), new MemberUsageAnalyzer()];

    internal static async Task<ImmutableArray<Diagnostic>> RunAsync(string source, params MetadataReference[] extraReferences)
    {
        Compilation compilation = HostCompilation.Create(source, extraReferences);
        HostCompilation.AssertCompiles(compilation);
        var crashes = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            (exception, analyzer, _) => crashes.Enqueue($"{analyzer.GetType().Name} threw: {exception}"),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync();
        Assert.Empty(crashes);
        return [.. diagnostics.OrderBy(d => d.Location.SourceSpan.Start)];
    }

    /// <summary>Asserts that a diagnostic with <paramref name="id"/> sits exactly on every marked span.</summary>
    internal static async Task AssertReportedAsync(string id, string markup)
    {
        var parsed = Markup.Parse(markup);
        Assert.NotEmpty(parsed.Spans);
        ImmutableArray<Diagnostic> diagnostics = await RunAsync(parsed.Source);
        foreach (var span in parsed.Spans)
        {
            string marked = parsed.Source.Substring(span.Start, span.Length);
            Assert.True(
                diagnostics.Any(d => d.Id == id && d.Location.SourceSpan == span),
                $"Expected {id} on '{marked}', got:\n{Describe(diagnostics)}");
        }

        Assert.All(diagnostics.Where(d => d.Id.StartsWith("NF", StringComparison.Ordinal)), d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
    }

    internal static string Describe(IEnumerable<Diagnostic> diagnostics)
    {
        return string.Join("\n", diagnostics.Select(d => $"  {d.Id} at {d.Location.GetLineSpan().StartLinePosition}: {d.GetMessage()}"));
    }
}
