using System.Diagnostics;
using O2O.DeviceGuard.Tests.Infrastructure;

namespace O2O.DeviceGuard.Tests;

/// <summary>
/// Proves the MSBuild wiring: a throwaway IsDeviceCode project under the repository's ignored artifacts/
/// folder picks up Directory.Build.props/targets and build/DeviceCode.targets, and `dotnet build` fails on a
/// List&lt;int&gt; (the guard analyzer) and on string.Replace (BannedApiAnalyzers' RS0030). Slow, so only one.
/// </summary>
public sealed class EndToEndBuildTests
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    private const string ProbeProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <IsDeviceCode>true</IsDeviceCode>
          </PropertyGroup>
        </Project>
        """;

    private const string ProbeSource = """
        namespace Probe
        {
            public static class Numbers
            {
                public static int Count()
                {
                    System.Collections.Generic.List<int> items = new System.Collections.Generic.List<int>();
                    items.Add(1);
                    return items.Count + "ab".Replace("a", "b").Length;
                }
            }
        }
        """;

    [Fact]
    public void Device_project_build_fails_on_guard_violations()
    {
        string probeDirectory = Path.Combine(TestData.RepoRoot, "artifacts", "device-guard-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(probeDirectory);
        try
        {
            File.WriteAllText(Path.Combine(probeDirectory, "Probe.csproj"), ProbeProject);
            File.WriteAllText(Path.Combine(probeDirectory, "Numbers.cs"), ProbeSource);

            (int exitCode, string output) = RunDotnetBuild(probeDirectory);

            Assert.True(exitCode != 0, "The build should have failed:\n" + output);
            Assert.Contains("error NF0002", output, StringComparison.Ordinal);
            Assert.Contains("List<int>", output, StringComparison.Ordinal);
            Assert.Contains("error RS0030", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(probeDirectory, recursive: true);
            DeleteIfEmpty(Path.GetDirectoryName(probeDirectory)!);
            DeleteIfEmpty(Path.Combine(TestData.RepoRoot, "artifacts"));
        }
    }

    private static void DeleteIfEmpty(string directory)
    {
        if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory);
        }
    }

    private static (int ExitCode, string Output) RunDotnetBuild(string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // No node reuse and no compiler server: the test must not leave processes behind.
        foreach (string argument in new[] { "build", "Probe.csproj", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-v:minimal", "-clp:NoSummary" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        Task<string> standardOutput = process.StandardOutput.ReadToEndAsync();
        Task<string> standardError = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(BuildTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet build did not finish within {BuildTimeout}.");
        }

        return (process.ExitCode, standardOutput.Result + standardError.Result);
    }
}
