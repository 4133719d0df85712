using System.Diagnostics;

namespace O2O.Simulator.Tests.PinLevel;

/// <summary>
/// Reads QR codes off PNG files with zbarimg (Debian's zbar-tools), as a phone would read the screen.
/// CI installs it, so there a missing zbarimg fails the test; on a workstation without it the caller
/// passes over the decoding step (xunit 2 cannot mark a test skipped at run time).
/// </summary>
internal static class ZbarImg
{
    public static bool Available()
    {
        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
        bool found = path.Any(directory => File.Exists(Path.Combine(directory, "zbarimg")));
        Assert.True(found || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")),
            "zbarimg is not installed: apt-get install zbar-tools (the CI script installs it)");
        return found;
    }

    public static string Decode(string pngPath)
    {
        var start = new ProcessStartInfo("zbarimg") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--raw");
        start.ArgumentList.Add("-q");
        start.ArgumentList.Add(pngPath);
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"zbarimg found no code in {pngPath} (exit {process.ExitCode})");
        return output.TrimEnd('\n');
    }
}
