using System.Diagnostics;

namespace O2O.Firmware.Drivers.Tests.Support;

/// <summary>Runs Debian's zbarimg on image files. Missing zbarimg fails the test: CI installs zbar-tools.</summary>
internal static class Zbar
{
    public static string DecodeSingle(string pngPath)
    {
        var start = new ProcessStartInfo("zbarimg") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--raw");
        start.ArgumentList.Add("-q");
        start.ArgumentList.Add(pngPath);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("zbarimg is not installed: apt-get install zbar-tools (the CI script installs it)");
            throw;
        }

        using (process)
        {
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"zbarimg found no code in {pngPath} (exit {process.ExitCode})");
            return output.TrimEnd('\n');
        }
    }
}
