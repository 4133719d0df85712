using System.Net;
using System.Net.Sockets;

namespace O2O.Simulator.Stack;

/// <summary>Asks the OS for an unused loopback port, so several stacks (and parallel tests) never collide.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
