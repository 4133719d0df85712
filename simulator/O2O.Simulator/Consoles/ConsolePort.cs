using System.Collections.Concurrent;
using System.Text;
using O2O.Firmware.Core.Console;

namespace O2O.Simulator.Consoles;

/// <summary>
/// The virtual device's serial port, the simulator's stand-in for the ESP32's UART: what the firmware console
/// writes goes to every connected client and into a scrollback buffer (so a terminal opened late still sees the
/// boot banner and earlier output); what clients type waits in a queue until the device's loop pumps it into
/// the console, on the device's own thread as on the chip.
/// </summary>
public sealed class ConsolePort : IConsoleOutput
{
    /// <summary>Bytes of output kept for clients that connect later.</summary>
    public const int ScrollbackBytes = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly byte[] _scrollback = new byte[ScrollbackBytes];
    private readonly ConcurrentQueue<byte[]> _typed = new();
    private readonly List<Action<byte[]>> _clients = [];
    private long _written;

    public void Write(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        Action<byte[]>[] clients;
        lock (_gate)
        {
            foreach (byte b in bytes)
            {
                _scrollback[_written++ % ScrollbackBytes] = b;
            }

            clients = [.. _clients];
        }

        foreach (Action<byte[]> client in clients)
        {
            client(bytes);
        }
    }

    /// <summary>
    /// Attaches a client: it is sent the scrollback, then every later write, with nothing lost or repeated between
    /// the two. Returns the detach action.
    /// </summary>
    public Action Attach(Action<byte[]> send)
    {
        lock (_gate)
        {
            send(Scrollback());
            _clients.Add(send);
        }

        return () =>
        {
            lock (_gate)
            {
                _clients.Remove(send);
            }
        };
    }

    /// <summary>What a client typed; the device's loop hands it to the console.</summary>
    public void Type(byte[] data) => _typed.Enqueue(data);

    /// <summary>Feeds typed bytes to the console. Call from the device's loop thread only.</summary>
    public void Pump(DiagnosticsConsole console)
    {
        while (_typed.TryDequeue(out byte[]? chunk))
        {
            console.Receive(chunk, 0, chunk.Length);
        }
    }

    /// <summary>Bytes written since the port was made: output after a mark is the scrollback's last (now - mark) bytes.</summary>
    public long Written
    {
        get
        {
            lock (_gate)
            {
                return _written;
            }
        }
    }

    /// <summary>Output written since <paramref name="mark"/> (a past <see cref="Written"/>), as far as the scrollback still holds it.</summary>
    public string OutputSince(long mark)
    {
        lock (_gate)
        {
            byte[] all = Scrollback();
            int length = (int)Math.Min(all.Length, Math.Max(0, _written - mark));
            return System.Text.Encoding.UTF8.GetString(all, all.Length - length, length);
        }
    }

    /// <summary>The retained output, oldest first.</summary>
    public byte[] Scrollback()
    {
        lock (_gate)
        {
            int length = (int)Math.Min(_written, ScrollbackBytes);
            var copy = new byte[length];
            long start = _written - length;
            for (int i = 0; i < length; i++)
            {
                copy[i] = _scrollback[(start + i) % ScrollbackBytes];
            }

            return copy;
        }
    }
}
