using System.Diagnostics;

namespace O2O.Simulator.Consoles;

/// <summary>
/// A Linux pseudo-terminal for a device's console, at a stable symlink (e.g. <c>run/…/cab-001.tty</c>), so a
/// technician points picocom, minicom or screen at it exactly as at a USB-serial adapter. socat creates the pty
/// (raw, no echo: the firmware's line editor echoes) and bridges it to the console's TCP port; when the terminal
/// program closes, socat ends and is started again, so the link is there for the next session, and the new
/// session gets the scrollback from the TCP side.
/// </summary>
public sealed class PtyBridge : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _supervisor;
    private Process? _socat;

    public PtyBridge(string linkPath, int tcpPort)
    {
        LinkPath = linkPath;
        _supervisor = SuperviseAsync(tcpPort, _stop.Token);
    }

    public string LinkPath { get; }

    /// <summary>True when socat is installed; without it the console is on TCP only.</summary>
    public static bool Available { get; } = File.Exists("/usr/bin/socat") || File.Exists("/usr/local/bin/socat");

    private async Task SuperviseAsync(int tcpPort, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var start = new ProcessStartInfo("socat") { RedirectStandardError = true, RedirectStandardOutput = true };
            // wait-slave: connect to the console only once a terminal opens the pty, so it gets the scrollback then.
            start.ArgumentList.Add($"PTY,link={LinkPath},raw,echo=0,wait-slave");
            start.ArgumentList.Add($"TCP:127.0.0.1:{tcpPort}");
            try
            {
                _socat = Process.Start(start);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return;
            }

            if (_socat is null)
            {
                return;
            }

            _socat.ErrorDataReceived += (_, _) => { };
            _socat.BeginErrorReadLine();
            try
            {
                await _socat.WaitForExitAsync(stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            finally
            {
                _socat.Dispose();
                _socat = null;
            }

            // Do not spin if socat fails at once (say, the folder vanished).
            await Task.Delay(100, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            _socat?.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        await _supervisor;
        _stop.Dispose();
        File.Delete(LinkPath);
    }
}
