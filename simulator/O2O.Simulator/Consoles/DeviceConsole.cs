using O2O.Firmware.Core;
using O2O.Firmware.Core.Console;

namespace O2O.Simulator.Consoles;

/// <summary>
/// Everything that makes up one virtual device's serial console: the firmware's own <see cref="DiagnosticsConsole"/>
/// on a <see cref="ConsolePort"/>, reachable on a TCP port and, when socat is installed, on a pseudo-terminal
/// symlinked as <c>{runDirectory}/{deviceId}.tty</c>.
/// </summary>
public sealed class DeviceConsole : IAsyncDisposable
{
    private readonly DiagnosticsConsole _console;
    private readonly ConsoleTcpServer _tcp;
    private readonly PtyBridge? _pty;

    public DeviceConsole(DeviceController device, string runDirectory)
    {
        Port = new ConsolePort();
        _console = new DiagnosticsConsole(new DeviceDiagnostics(device), Port);
        _tcp = new ConsoleTcpServer(Port);
        if (PtyBridge.Available)
        {
            _pty = new PtyBridge(Path.Combine(runDirectory, device.DeviceId + ".tty"), _tcp.Port);
        }
    }

    public ConsolePort Port { get; }

    public int TcpPort => _tcp.Port;

    /// <summary>The pseudo-terminal's symlink, or null when socat is missing.</summary>
    public string? PtyPath => _pty?.LinkPath;

    /// <summary>Prints the banner and prompt. Call from the device's loop thread, after the device started.</summary>
    public void Start() => _console.Start();

    /// <summary>Runs what was typed. Call from the device's loop thread.</summary>
    public void Pump() => Port.Pump(_console);

    public async ValueTask DisposeAsync()
    {
        if (_pty is not null)
        {
            await _pty.DisposeAsync();
        }

        await _tcp.DisposeAsync();
    }
}
