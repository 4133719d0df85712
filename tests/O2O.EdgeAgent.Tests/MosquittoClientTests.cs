using System.Diagnostics;
using System.Text;
using O2O.Protocol;

namespace O2O.EdgeAgent.Tests;

/// <summary>Debian's own MQTT clients (mosquitto_pub, mosquitto_sub) as devices against the embedded gateway.</summary>
public sealed class MosquittoClientTests : IAsyncLifetime
{
    private AgentFixture _agent = null!;

    public async Task InitializeAsync() => _agent = await AgentFixture.StartAsync();

    public async Task DisposeAsync() => await _agent.DisposeAsync();

    [Fact]
    public async Task Mosquitto_pub_as_a_device_gets_its_event_stored()
    {
        (int exit, string output) = await RunAsync("mosquitto_pub", Device(AgentFixture.DeviceA, AgentFixture.SecretA,
            "-t", Topics.Events(AgentFixture.DeviceA), "-q", "1", "-m", "{\"v\":1,\"boot\":\"b1\",\"seq\":1,\"type\":\"dispensed\"}"));

        Assert.True(exit == 0, output);
        Assert.Equal(1, _agent.Store.PendingEventCount());
    }

    [Fact]
    public async Task Mosquitto_pub_with_a_wrong_secret_is_refused()
    {
        (int exit, string output) = await RunAsync("mosquitto_pub", Device(AgentFixture.DeviceA, "wrong-secret",
            "-t", Topics.Events(AgentFixture.DeviceA), "-q", "1", "-m", "{}"));

        Assert.NotEqual(0, exit);
        Assert.Contains("bad user name or password", output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, _agent.Store.PendingEventCount());
    }

    [Fact]
    public async Task Mosquitto_sub_as_a_device_receives_its_command()
    {
        var start = Start("mosquitto_sub", Device(AgentFixture.DeviceA, AgentFixture.SecretA,
            "-t", Topics.Commands(AgentFixture.DeviceA), "-q", "1", "-C", "1", "-W", "20"));
        using Process sub = Process.Start(start)!;
        Task<string> received = sub.StandardOutput.ReadToEndAsync();
        byte[] command = Encoding.UTF8.GetBytes("{\"v\":1,\"id\":\"c-1\",\"type\":\"show_qr\"}");

        // Until mosquitto_sub has subscribed the broker has nowhere to deliver: send until it arrives, with a deadline.
        var deadline = Stopwatch.StartNew();
        while (!received.IsCompleted && deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            await _agent.CommandSender.SendAsync(AgentFixture.DeviceA, command, CancellationToken.None);
            await Task.WhenAny(received, Task.Delay(200));
        }

        Assert.Contains("\"type\":\"show_qr\"", await received.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    private string[] Device(string id, string secret, params string[] rest) =>
        ["-h", "127.0.0.1", "-p", _agent.BrokerPort.ToString(), "-i", id, "-u", id, "-P", secret, "-V", "mqttv311", .. rest];

    private static ProcessStartInfo Start(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, string[] args)
    {
        Process process;
        try
        {
            process = Process.Start(Start(program, args))!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail($"{program} is not installed: apt-get install mosquitto-clients (the CI script installs it)");
            throw;
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
