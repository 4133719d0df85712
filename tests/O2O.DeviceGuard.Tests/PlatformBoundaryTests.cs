using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using O2O.DeviceGuard.Tests.Infrastructure;

namespace O2O.DeviceGuard.Tests;

/// <summary>Types from another device project are "our own code"; types from any other library are platform.</summary>
public sealed class PlatformBoundaryTests
{
    private const string LibrarySource = """
        namespace Shared
        {
            public sealed class Frame
            {
                public int Length { get; set; }
            }
        }
        """;

    private const string UserSource = "class C { int M(Shared.Frame f) => f.Length; }";

    [Fact]
    public async Task Types_of_a_referenced_device_project_are_own_code()
    {
        MetadataReference library = CompileLibrary("[assembly: System.Reflection.AssemblyMetadata(\"O2O.DeviceCode\", \"true\")]\n" + LibrarySource);

        ImmutableArray<Diagnostic> diagnostics = await GuardRunner.RunAsync(UserSource, library);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Types_of_any_other_library_must_be_in_the_surface()
    {
        MetadataReference library = CompileLibrary(LibrarySource);

        ImmutableArray<Diagnostic> diagnostics = await GuardRunner.RunAsync(UserSource, library);

        Assert.Contains(diagnostics, d => d.Id == "NF0018" && d.GetMessage().Contains("Shared.Frame", StringComparison.Ordinal));
    }

    private static MetadataReference CompileLibrary(string source)
    {
        Compilation compilation = HostCompilation.Create(source);
        using var image = new MemoryStream();
        Assert.True(compilation.Emit(image).Success);
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
