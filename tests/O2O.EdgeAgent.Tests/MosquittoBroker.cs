using System.Diagnostics;
using System.Net.Sockets;

namespace O2O.EdgeAgent.Tests;

/// <summary>
/// A real Debian mosquitto on loopback, configured as docs/external-broker.md describes: no anonymous access,
/// a password file made with mosquitto_passwd, an ACL that pins each device to its own topics, the user name
/// as client id, persistence on. Missing mosquitto fails the test: CI installs it.
/// </summary>
internal sealed class MosquittoBroker : IAsyncDisposable
{
    public const string AgentUser = "o2o-agent";
    public const string AgentPassword = "agent-password-0123456789";
    private readonly TempDirectory _dir;
    private readonly Process _process;

    private MosquittoBroker(TempDirectory dir, Process process, int port)
    {
        _dir = dir;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<MosquittoBroker> StartAsync(int port, IReadOnlyDictionary<string, string> devices)
    {
        var dir = new TempDirectory();
        string passwords = dir.File("passwd");
        Run("mosquitto_passwd", "-c", "-b", passwords, AgentUser, AgentPassword);
        foreach ((string device, string secret) in devices)
        {
            Run("mosquitto_passwd", "-b", passwords, device, secret);
        }

        File.WriteAllText(dir.File("acl"), """
            user o2o-agent
            topic readwrite o2o/v1/dev/#

            pattern write o2o/v1/dev/%u/state
            pattern write o2o/v1/dev/%u/evt
            pattern write o2o/v1/dev/%u/ack
            pattern write o2o/v1/dev/%u/avail
            pattern read o2o/v1/dev/%u/cmd
            """);
        File.WriteAllText(dir.File("mosquitto.conf"), $"""
            listener {port} 127.0.0.1
            allow_anonymous false
            password_file {passwords}
            acl_file {dir.File("acl")}
            use_username_as_clientid true
            persistence true
            persistence_location {dir.Path}/
            user root
            log_dest none
            """);
        Process process = Start("mosquitto", "-c", dir.File("mosquitto.conf"));
        var broker = new MosquittoBroker(dir, process, port);
        await WaitForPortAsync(port, process);
        return broker;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _dir.Dispose();
    }

    private static async Task WaitForPortAsync(int port, Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                // Read only once it has exited: on a live process this would wait for it to end.
                Assert.Fail("mosquitto exited: " + await process.StandardError.ReadToEndAsync());
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50);
            }
        }
    }

    private static void Run(string program, params string[] args)
    {
        using Process process = Start(program, args);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed: {process.StandardError.ReadToEnd()}");
    }

    private static Process Start(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail($"{program} is not installed: apt-get install mosquitto mosquitto-clients (the CI script installs them)");
            throw;
        }
    }
}
