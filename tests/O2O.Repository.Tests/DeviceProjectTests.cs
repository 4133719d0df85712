using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace O2O.Repository.Tests;

/// <summary>
/// The device projects cannot be built here, so their files are checked as data: every device csproj has a
/// nanoFramework twin in the solution (left out of the Linux build), and every assembly an .nfproj
/// references comes from a package its packages.config pins, at the same version.
/// </summary>
public sealed partial class DeviceProjectTests
{
    public static TheoryData<string> DeviceProjects()
    {
        var data = new TheoryData<string>();
        foreach (string csproj in Directory.GetFiles(Repository.Path("firmware"), "*.csproj", SearchOption.AllDirectories))
        {
            if (File.ReadAllText(csproj).Contains("<IsDeviceCode>true</IsDeviceCode>"))
            {
                data.Add(System.IO.Path.GetRelativePath(Repository.Root, csproj));
            }
        }

        return data;
    }

    [Fact]
    public void There_are_device_projects_to_check()
    {
        Assert.True(DeviceProjects().Count >= 2);
    }

    [Theory]
    [MemberData(nameof(DeviceProjects))]
    public void Each_device_project_has_a_nanoFramework_twin_in_the_solution_that_dotnet_does_not_build(string csproj)
    {
        string name = System.IO.Path.GetFileNameWithoutExtension(csproj);
        string nfproj = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(csproj)!, "nf", name + ".nfproj");
        Assert.True(File.Exists(Repository.Path(nfproj)), $"{nfproj} is missing");

        string solution = Repository.Read("nanoFramework.sln");
        Match entry = Regex.Match(solution, $"\"{Regex.Escape(nfproj.Replace('/', '\\'))}\", \"(\\{{[^}}]+\\}})\"");
        Assert.True(entry.Success, $"{nfproj} is not in nanoFramework.sln");
        string guid = entry.Groups[1].Value;
        Assert.Contains($"{guid}.Debug|Any CPU.ActiveCfg", solution);
        Assert.DoesNotContain($"{guid}.Debug|Any CPU.Build.0", solution);
        Assert.DoesNotContain($"{guid}.Release|Any CPU.Build.0", solution);
    }

    public static TheoryData<string> NanoFrameworkProjects() => new(Directory.GetFiles(Repository.Path("firmware"), "*.nfproj", SearchOption.AllDirectories)
        .Select(path => System.IO.Path.GetRelativePath(Repository.Root, path)));

    [Theory]
    [MemberData(nameof(NanoFrameworkProjects))]
    public void Every_referenced_nanoFramework_assembly_is_pinned_in_packages_config(string nfproj)
    {
        string nfDirectory = Repository.Path(System.IO.Path.GetDirectoryName(nfproj)!);
        XDocument project = XDocument.Load(Repository.Path(nfproj));
        var pinned = XDocument.Load(System.IO.Path.Combine(nfDirectory, "packages.config")).Root!.Elements("package")
            .ToDictionary(p => (string)p.Attribute("id")!, p => (string)p.Attribute("version")!);

        var hintPaths = project.Descendants().Where(e => e.Name.LocalName == "HintPath").Select(e => e.Value).ToList();
        Assert.NotEmpty(hintPaths);
        foreach (string hint in hintPaths)
        {
            Match package = PackageFolder().Match(hint);
            Assert.True(package.Success, $"unexpected hint path {hint}");
            string id = package.Groups["id"].Value;
            Assert.True(pinned.TryGetValue(id, out string? version), $"{id} is referenced but not in packages.config");
            Assert.Equal(version, package.Groups["version"].Value);
        }

        Assert.Contains("nanoFramework.CoreLibrary", pinned.Keys);
    }

    [Fact]
    public void Every_project_in_the_repository_is_in_the_solution()
    {
        string solution = Repository.Read("nanoFramework.sln").Replace('\\', '/');
        foreach (string project in Directory.GetFiles(Repository.Root, "*.*proj", SearchOption.AllDirectories))
        {
            string relative = System.IO.Path.GetRelativePath(Repository.Root, project).Replace('\\', '/');
            // artifacts/ is the ignored scratch area where the device-guard test builds a throwaway project.
            if (relative.Contains("/bin/") || relative.Contains("/obj/") || relative.StartsWith("run/") || relative.StartsWith("artifacts/"))
            {
                continue;
            }

            Assert.Contains($"\"{relative}\"", solution);
        }
    }

    [GeneratedRegex(@"packages\\(?<id>[A-Za-z0-9.]+?)\.(?<version>\d+\.\d+\.\d+)\\lib\\")]
    private static partial Regex PackageFolder();
}
