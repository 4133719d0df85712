using System.Text.RegularExpressions;

namespace O2O.Repository.Tests;

/// <summary>The README promises two commands; CI must run exactly the test one, so the promise is checked on every run.</summary>
public sealed partial class ContinuousIntegrationTests
{
    [Fact]
    public void The_readme_names_a_run_command_and_a_test_command()
    {
        string readme = Repository.Read("README.md");

        Assert.Contains("--project simulator/O2O.Simulator", RunCommand(readme));
        Assert.StartsWith("dotnet test nanoFramework.sln", TestCommand(readme));
    }

    [Fact]
    public void Ci_runs_the_readme_test_command()
    {
        string ci = Repository.Read(".ci", "run");

        Assert.Contains(TestCommand(Repository.Read("README.md")), ci);
    }

    [Fact]
    public void Ci_installs_what_the_tests_need_and_fails_on_the_first_error()
    {
        string ci = Repository.Read(".ci", "run");

        Assert.Contains("set -euo pipefail", ci);
        Assert.Contains("apt-get update", ci);
    }

    private static string RunCommand(string readme) => Marked(readme, "run");

    private static string TestCommand(string readme) => Marked(readme, "test");

    // The README marks its two commands with a comment line "# run:" / "# test:" inside the code block.
    private static string Marked(string readme, string name)
    {
        Match match = Regex.Match(readme, $"^# {name}:[^\\n]*\\n(?<command>[^\\n]+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"README has no '# {name}:' command");
        return match.Groups["command"].Value.Trim();
    }
}
