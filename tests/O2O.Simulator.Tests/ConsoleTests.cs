using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using O2O.EdgeAgent.Tests;
using O2O.Simulator.Stack;

namespace O2O.Simulator.Tests;

/// <summary>
/// Each virtual device's serial console, reached as a technician would: picocom on the device's pseudo-terminal
/// (the run folder's stable symlink), and a raw TCP client. A late client still sees the earlier output.
/// </summary>
public sealed class ConsoleTests : IAsyncLifetime
{
    private readonly string _runDirectory = Directory.CreateTempSubdirectory("o2o-console-").FullName;
    private LocalStack _stack = null!;

    public async Task InitializeAsync() => _stack = await LocalStack.StartAsync(_runDirectory,
        [new StackDevice("cab-001", "powerbank-4", ["PB-0001", null, null, null])], logging => logging.ClearProviders(), CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        Directory.Delete(_runDirectory, recursive: true);
    }

    [Fact]
    public async Task A_technician_types_into_the_pseudo_terminal_with_picocom_and_reads_the_answers()
    {
        Assert.True(File.Exists("/usr/bin/picocom") && File.Exists("/usr/bin/socat"), "picocom and socat are missing: .ci/run installs them");
        string tty = Path.Combine(_runDirectory, "cab-001.tty");
        await Eventually.HoldsAsync(() => File.Exists(tty), TimeSpan.FromSeconds(10), "the pty symlink to appear");

        var start = new ProcessStartInfo("picocom") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "-q", "--nolock", "-b", "115200", "--exit-after", "3000", tty })
        {
            start.ArgumentList.Add(arg);
        }

        using Process picocom = Process.Start(start)!;
        var screen = new StringBuilder();
        Task reading = Task.Run(async () =>
        {
            var buffer = new char[256];
            int read;
            while ((read = await picocom.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (screen)
                {
                    screen.Append(buffer, 0, read);
                }
            }
        });
        string Screen()
        {
            lock (screen)
            {
                return screen.ToString();
            }
        }

        // The banner was printed at boot, before picocom opened the terminal: it comes from the scrollback.
        await Eventually.HoldsAsync(() => Screen().Contains("O2O diagnostics console: cab-001"), TimeSpan.FromSeconds(10), "the boot banner from the scrollback");
        await picocom.StandardInput.WriteAsync("version\r");
        await picocom.StandardInput.FlushAsync();
        await Eventually.HoldsAsync(() => Screen().Contains("cab-001 firmware 0.2.0-sim"), TimeSpan.FromSeconds(10), "the answer to version");
        await picocom.StandardInput.WriteAsync("slot 0\r");
        await picocom.StandardInput.FlushAsync();
        await Eventually.HoldsAsync(() => Screen().Contains("PB-0001"), TimeSpan.FromSeconds(10), "slot 0's item");
        picocom.StandardInput.Close();
        await picocom.WaitForExitAsync();
        await reading;
    }

    [Fact]
    public async Task The_console_answers_on_its_tcp_port_and_a_second_client_sees_what_the_first_did()
    {
        int port = _stack.Device("cab-001").Console!.TcpPort;
        using (var first = new TcpClient())
        {
            await first.ConnectAsync("127.0.0.1", port);
            NetworkStream stream = first.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("help\r"));
            Assert.Contains("commands", await ReadUntilAsync(stream, "commands"));
        }

        using var second = new TcpClient();
        await second.ConnectAsync("127.0.0.1", port);
        string replay = await ReadUntilAsync(second.GetStream(), "commands");
        Assert.Contains("cab-001> help", replay);
    }

    private static async Task<string> ReadUntilAsync(NetworkStream stream, string expected)
    {
        var text = new StringBuilder();
        var buffer = new byte[1024];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!text.ToString().Contains(expected))
        {
            int read = await stream.ReadAsync(buffer, deadline.Token);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
