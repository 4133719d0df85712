using System.Net;
using System.Net.Sockets;
using O2O.LoopbackPorts;

namespace O2O.Simulator.Tests;

public sealed class FreePortTests
{
    [Fact]
    public void Ports_are_distinct_bindable_and_outside_the_kernels_ephemeral_range()
    {
        (int ephemeralLow, _) = EphemeralRange();
        var seen = new HashSet<int>();
        for (int i = 0; i < 40; i++)
        {
            int port = FreePort.Next();
            Assert.True(seen.Add(port), $"port {port} handed out twice");
            Assert.True(port < ephemeralLow, $"port {port} is in the ephemeral range, where client connections can take it");
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
    }

    [Fact]
    public void A_port_claimed_by_another_process_is_not_handed_out()
    {
        // Another process (a shell holding flock on the claim files) stands in for a parallel test run.
        string folder = Path.Combine(Path.GetTempPath(), "o2o-ports");
        int probe = FreePort.Next();
        var held = Enumerable.Range(probe + 1, 20).Where(p => p <= 32000).ToList();
        using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash",
            ["-c", string.Join(" ; ", held.Select(p => $"exec {{fd{p}}}>{folder}/{p} ; flock -x $fd{p}")) + " ; echo held ; sleep 30"])
        { RedirectStandardOutput = true })!;
        Assert.Equal("held", holder.StandardOutput.ReadLine());
        try
        {
            for (int i = 0; i < 10; i++)
            {
                Assert.DoesNotContain(FreePort.Next(), held);
            }
        }
        finally
        {
            holder.Kill();
        }
    }

    private static (int Low, int High) EphemeralRange()
    {
        string[] parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
        return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
