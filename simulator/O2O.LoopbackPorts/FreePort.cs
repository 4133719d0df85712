using System.Net;
using System.Net.Sockets;

namespace O2O.LoopbackPorts;

/// <summary>
/// Hands out loopback ports that nothing else on this machine will take before the caller binds them.
/// </summary>
/// <remarks>
/// Asking the kernel for port 0 and closing the listener is not enough: that port comes from the ephemeral range
/// (32768–60999 on Linux), and any outgoing connection made before the caller binds it (the tests open hundreds of
/// MQTT and HTTP clients) can be given the same port. So ports are taken from below the ephemeral range, and each one
/// is claimed with an exclusive lock file held until the process exits, so parallel test processes never pick the
/// same port. The kernel drops the lock when a process dies, so a killed run leaves nothing claimed.
/// </remarks>
public static class FreePort
{
    private const int FirstPort = 20000;
    private const int LastPort = 32000;

    private static readonly Lock Gate = new();
    private static readonly List<FileStream> Claims = [];
    private static readonly string ClaimFolder = Path.Combine(Path.GetTempPath(), "o2o-ports");
    private static int _cursor = FirstPort + Random.Shared.Next(LastPort - FirstPort);

    public static int Next()
    {
        lock (Gate)
        {
            Directory.CreateDirectory(ClaimFolder);
            for (int attempt = 0; attempt <= LastPort - FirstPort; attempt++)
            {
                int port = _cursor;
                _cursor = _cursor == LastPort ? FirstPort : _cursor + 1;
                if (TryClaim(port) && IsUnbound(port))
                {
                    return port;
                }
            }

            throw new InvalidOperationException($"No free loopback port between {FirstPort} and {LastPort}.");
        }
    }

    private static bool TryClaim(int port)
    {
        try
        {
            // FileShare.None takes an exclusive flock on Linux; another process opening the same file fails.
            var claim = new FileStream(Path.Combine(ClaimFolder, port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            Claims.Add(claim);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsUnbound(int port)
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
