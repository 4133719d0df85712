using System.Diagnostics;

namespace O2O.Simulator.Tests;

/// <summary>The README's run command as a newcomer runs it: a real process, its exit code and output.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Headless_rent_scenario_exits_zero_and_prints_the_flow()
    {
        string runDirectory = Directory.CreateTempSubdirectory("o2o-cli-").FullName;
        try
        {
            (int exitCode, string output) = await RunSimulatorAsync("--headless", "--scenario", "rent", "--run-dir", runDirectory);

            Assert.True(exitCode == 0, output);
            Assert.Contains("PASSED: scenario rent", output);
            Assert.Contains("scanned the code", output);
            Assert.Contains("is dispensed", output);
            Assert.True(File.Exists(Path.Combine(runDirectory, "edge-agent.db")));
        }
        finally
        {
            Directory.Delete(runDirectory, recursive: true);
        }
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--headless")]
    [InlineData("--scenario", "teleport")]
    [InlineData("--scenario")]
    public async Task Bad_arguments_exit_two_with_a_reason_and_the_usage(params string[] args)
    {
        (int exitCode, string output) = await RunSimulatorAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains("o2o-sim: ", output);
        Assert.Contains("Usage: o2o-sim", output);
    }

    private static async Task<(int ExitCode, string Output)> RunSimulatorAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "o2o-sim.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
