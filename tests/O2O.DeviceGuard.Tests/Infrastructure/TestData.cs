using System.Reflection;

namespace O2O.DeviceGuard.Tests.Infrastructure;

/// <summary>Files the test project copies next to itself (see the csproj), and the repository root.</summary>
internal static class TestData
{
    internal static string Directory => Path.Combine(AppContext.BaseDirectory, "TestData");

    internal static string BannedSymbolsFile => Path.Combine(Directory, "BannedSymbols.nanoFramework.txt");

    internal static string BannedApiAnalyzersDirectory => Path.Combine(Directory, "BannedApiAnalyzers");

    internal static string HostReferenceListFile => Path.Combine(Directory, "host-references.txt");

    internal static string RepoRoot =>
        typeof(TestData).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "RepoRoot").Value
        ?? throw new InvalidOperationException("RepoRoot metadata is missing.");
}
