using System.Net;
using System.Net.Sockets;

namespace O2O.Simulator.Consoles;

/// <summary>
/// A device's console on a loopback TCP port (telnet-less raw bytes, as a serial-to-TCP bridge would offer):
/// each client gets the scrollback, then live output, and what it sends is typed into the console.
/// </summary>
public sealed class ConsoleTcpServer : IAsyncDisposable
{
    private readonly ConsolePort _port;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public ConsoleTcpServer(ConsolePort port, int tcpPort = 0)
    {
        _port = port;
        _listener = new TcpListener(IPAddress.Loopback, tcpPort);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(_stop.Token);
    }

    public int Port { get; }

    private async Task AcceptAsync(CancellationToken stop)
    {
        var clients = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client = await _listener.AcceptTcpClientAsync(stop);
                clients.Add(ServeAsync(client, stop));
                clients.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down.
        }

        await Task.WhenAll(clients);
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stop)
    {
        using (client)
        {
            NetworkStream stream = client.GetStream();
            var outgoing = System.Threading.Channels.Channel.CreateBounded<byte[]>(new System.Threading.Channels.BoundedChannelOptions(4096)
            {
                // A client that stops reading loses its oldest output instead of stalling the device.
                FullMode = System.Threading.Channels.BoundedChannelFullMode.DropOldest,
            });
            Action detach = _port.Attach(bytes => outgoing.Writer.TryWrite(bytes));
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(stop);
            Task writing = WriteAsync(stream, outgoing.Reader, ended.Token);
            try
            {
                var buffer = new byte[256];
                int read;
                while ((read = await stream.ReadAsync(buffer, ended.Token)) > 0)
                {
                    _port.Type(buffer[..read]);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The client went away, or the simulator is stopping.
            }
            finally
            {
                detach();
                await ended.CancelAsync();
                await writing;
            }
        }
    }

    private static async Task WriteAsync(NetworkStream stream, System.Threading.Channels.ChannelReader<byte[]> outgoing, CancellationToken stop)
    {
        try
        {
            await foreach (byte[] chunk in outgoing.ReadAllAsync(stop))
            {
                await stream.WriteAsync(chunk, stop);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            // Same as above: the connection is over.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
