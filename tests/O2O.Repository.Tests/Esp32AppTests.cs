using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace O2O.Repository.Tests;

/// <summary>
/// The ESP32 application calls nanoFramework-only APIs, so it cannot be compiled here. What can be checked
/// as data is checked: it carries the same definitions as firmware/definitions, and every namespace it imports
/// exists in nanoFramework's public surface and comes from an assembly its project references.
/// </summary>
public sealed partial class Esp32AppTests
{
    private static readonly string AppDirectory = Repository.Path("firmware", "O2O.Firmware.Esp32");

    public static TheoryData<string> DefinitionFiles() =>
        new(Directory.GetFiles(Repository.Path("firmware", "definitions"), "*.json").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(DefinitionFiles))]
    public void The_app_embeds_each_definition_file_unchanged(string file)
    {
        string embedded = File.ReadAllText(Path.Combine(AppDirectory, "EmbeddedDefinitions.cs"));
        string json = File.ReadAllText(Repository.Path("firmware", "definitions", file)).TrimEnd('\n');
        string marker = $"/// <summary>firmware/definitions/{file}</summary>";

        int at = embedded.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{file} is not embedded in EmbeddedDefinitions.cs");
        int start = embedded.IndexOf("\"\"\"\n", at, StringComparison.Ordinal) + 4;
        int end = embedded.IndexOf("\n\"\"\";", start, StringComparison.Ordinal);
        Assert.Equal(json, embedded[start..end]);
    }

    [Fact]
    public void Every_app_source_file_parses_without_syntax_errors()
    {
        var options = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest);
        string[] files = Directory.GetFiles(AppDirectory, "*.cs");

        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(File.ReadAllText(file), options, file);
            var errors = tree.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
    }

    [Fact]
    public void Every_namespace_the_app_imports_exists_on_nanoFramework_in_a_referenced_assembly()
    {
        Dictionary<string, HashSet<string>> assembliesByNamespace = SurfaceNamespaces();
        XDocument project = XDocument.Load(Path.Combine(AppDirectory, "O2O.Firmware.Esp32.nfproj"));
        var referenced = project.Descendants().Where(e => e.Name.LocalName == "Reference")
            .Select(e => ((string)e.Attribute("Include")!).Split(',')[0]).ToHashSet();

        var imported = Directory.GetFiles(AppDirectory, "*.cs")
            .SelectMany(file => UsingDirective().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .Where(ns => !ns.StartsWith("O2O.", StringComparison.Ordinal))
            .ToHashSet();

        Assert.NotEmpty(imported);
        foreach (string ns in imported)
        {
            Assert.True(assembliesByNamespace.TryGetValue(ns, out HashSet<string>? assemblies), $"namespace {ns} does not exist on nanoFramework 1.x");
            Assert.True(assemblies.Overlaps(referenced), $"namespace {ns} comes from {string.Join(", ", assemblies)}, none referenced by the app");
        }
    }

    // Namespace → assemblies, from the API surface list carried by the device-code guard.
    private static Dictionary<string, HashSet<string>> SurfaceNamespaces()
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        string assembly = "";
        foreach (string line in File.ReadLines(Repository.Path("firmware", "O2O.DeviceGuard", "nanoframework-api-surface.txt")))
        {
            Match header = AssemblyHeader().Match(line);
            if (header.Success)
            {
                assembly = header.Groups[1].Value;
                continue;
            }

            Match type = TypeLine().Match(line);
            if (type.Success)
            {
                string fullName = type.Groups[1].Value;
                for (int dot = fullName.LastIndexOf('.'); dot > 0; dot = fullName.LastIndexOf('.', dot - 1))
                {
                    string ns = fullName[..dot];
                    if (!result.TryGetValue(ns, out HashSet<string>? set))
                    {
                        result[ns] = set = [];
                    }

                    set.Add(assembly);
                }
            }
        }

        return result;
    }

    [GeneratedRegex(@"^using ([A-Za-z0-9_.]+);", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"^##### ASSEMBLY ([^,]+),")]
    private static partial Regex AssemblyHeader();

    [GeneratedRegex(@"^(?:(?:abstract|sealed|static) )*(?:class|struct|enum|interface|delegate [^ ]+) ([A-Za-z0-9_.]+)")]
    private static partial Regex TypeLine();
}
