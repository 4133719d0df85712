using O2O.Firmware.Core;
using O2O.Firmware.Core.Console;

namespace O2O.Simulator.Consoles;

/// <summary>
/// A virtual device's serial console. The port and its ways in (a TCP port and, when socat is installed, a
/// pseudo-terminal symlinked as <c>{runDirectory}/{deviceId}.tty</c>) are hardware and outlive reboots; the
/// firmware's <see cref="DiagnosticsConsole"/> is created again at each boot, and prints its banner again, as
/// a technician's terminal shows after a reset.
/// </summary>
public sealed class DeviceConsole : IAsyncDisposable
{
    private readonly ConsoleTcpServer _tcp;
    private readonly PtyBridge? _pty;
    private DiagnosticsConsole? _console;

    public DeviceConsole(string deviceId, string runDirectory)
    {
        Port = new ConsolePort();
        _tcp = new ConsoleTcpServer(Port);
        if (PtyBridge.Available)
        {
            _pty = new PtyBridge(Path.Combine(runDirectory, deviceId + ".tty"), _tcp.Port);
        }
    }

    public ConsolePort Port { get; }

    public int TcpPort => _tcp.Port;

    /// <summary>The pseudo-terminal's symlink, or null when socat is missing.</summary>
    public string? PtyPath => _pty?.LinkPath;

    /// <summary>The firmware booted: its console takes over the port. Call from the device's loop thread.</summary>
    public void Attach(DeviceController device)
    {
        _console = new DiagnosticsConsole(new DeviceDiagnostics(device), Port);
        _console.Start();
    }

    /// <summary>Runs what was typed. Call from the device's loop thread.</summary>
    public void Pump()
    {
        if (_console is not null)
        {
            Port.Pump(_console);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_pty is not null)
        {
            await _pty.DisposeAsync();
        }

        await _tcp.DisposeAsync();
    }
}
