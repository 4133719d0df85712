using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.EdgeAgent.Cli.Tests;

/// <summary>o2o-agent run in-process against a real agent (local API, broker, SQLite) and a real MQTT device.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private AgentFixture _agent = null!;

    public async Task InitializeAsync() => _agent = await AgentFixture.StartAsync();

    public async Task DisposeAsync() => await _agent.DisposeAsync();

    [Fact]
    public async Task Devices_lists_a_device_once_it_has_published_its_state_and_device_shows_its_slots()
    {
        using IMqttClient device = await _agent.ConnectDeviceAsync();
        var state = new DeviceState { DeviceId = AgentFixture.DeviceA, Kind = "powerbank", Firmware = "0.2.0", BootId = "b1", Slots = [new SlotSnapshot { Number = 0, State = "idle", ItemId = "PB-1" }] };
        var writer = new JsonWriter(256);
        state.WriteTo(writer);
        await device.PublishAsync(AgentFixture.Message(Topics.State(AgentFixture.DeviceA), writer.ToArray(), retain: true));

        (int code, string output, _) = await RunAsync("devices");
        (int detailCode, string detail, _) = await RunAsync("device", AgentFixture.DeviceA);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Matches(@"^ID\s+ONLINE\s+KIND\s+FIRMWARE\s+LAST SEQ\s+MISSED\n", output.ReplaceLineEndings("\n"));
        Assert.Matches(@"cab-001\s+yes\s+powerbank\s+0\.2\.0", output);
        Assert.Equal(ExitCodes.Ok, detailCode);
        Assert.Matches(@"0\s+idle\s+PB-1\s+closed", detail);
    }

    [Fact]
    public async Task Send_beep_prints_the_command_id_and_the_command_reaches_the_device()
    {
        using IMqttClient device = await _agent.ConnectDeviceAsync();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        device.ApplicationMessageReceivedAsync += args =>
        {
            received.TrySetResult(Encoding.UTF8.GetString(args.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };
        await device.SubscribeAsync(Topics.Commands(AgentFixture.DeviceA), MqttQualityOfServiceLevel.AtLeastOnce);

        (int code, string output, string error) = await RunAsync("send", AgentFixture.DeviceA, "beep", "--pattern", "alarm");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", error);
        string commandId = output.Trim();
        Assert.StartsWith("api-", commandId);
        string payload = await received.Task.WaitAsync(Deadline);
        Assert.Contains($"\"id\":\"{commandId}\"", payload);
        Assert.Contains("\"type\":\"beep\",\"pattern\":\"alarm\"", payload);
    }

    [Theory]
    [InlineData(new[] { "send", "cab-001", "unlock", "--slot", "0", "--order", "o-1" }, ExitCodes.Failed, "error: the agent refused (403): unlock is not available on the admin API; use a technician token")]
    [InlineData(new[] { "send", "cab-001", "beep" }, ExitCodes.Failed, "missing_field: pattern")]
    [InlineData(new[] { "send", "cab-999", "beep", "--pattern", "alarm" }, ExitCodes.NotFound, "unknown device")]
    [InlineData(new[] { "device", "cab-999" }, ExitCodes.NotFound, "error: the agent refused (404): unknown device")]
    [InlineData(new[] { "send", "cab-001" }, ExitCodes.Usage, "error: Required argument 'type' missing")]
    [InlineData(new[] { "send", "cab-001", "set_config", "--key", "volume" }, ExitCodes.Usage, "--key and --value go together")]
    [InlineData(new[] { "drain", "--timeout", "soon" }, ExitCodes.Usage, "soon")]
    [InlineData(new[] { "drain", "--timeout", "0" }, ExitCodes.Usage, "--timeout must be a positive number of seconds")]
    public async Task Refusals_and_bad_arguments_give_one_line_and_an_exit_code(string[] args, int expectedCode, string message)
    {
        (int code, string output, string error) = await RunAsync(args);

        Assert.Equal(expectedCode, code);
        Assert.Equal("", output);
        Assert.Contains(message, error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Outbox_shows_nothing_waiting_and_drain_returns_at_once()
    {
        (int code, string output, _) = await RunAsync("outbox");
        (int drainCode, string drained, _) = await RunAsync("drain", "--timeout", "5");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Matches(@"events waiting\s+0\n", output.ReplaceLineEndings("\n"));
        Assert.Matches(@"upload failures\s+0", output);
        Assert.Matches(@"evictions\s+0", output);
        Assert.Equal(ExitCodes.Ok, drainCode);
        Assert.Equal($"100% 0 events waiting{Environment.NewLine}outbox drained{Environment.NewLine}", drained);
    }

    [Fact]
    public async Task Drain_times_out_with_exit_1_while_the_cloud_is_away()
    {
        // No cloud runs in these tests, so a stored event stays in the outbox.
        using IMqttClient device = await _agent.ConnectDeviceAsync();
        await device.PublishAsync(AgentFixture.Message(Topics.Events(AgentFixture.DeviceA), Encoding.UTF8.GetBytes("{\"v\":1,\"boot\":\"b1\",\"seq\":1,\"type\":\"dispensed\"}")));

        (int code, string output, _) = await RunAsync("drain", "--timeout", "1");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("0% 1 events waiting", output);
        Assert.Contains("timed out after 1 s: 1 events still waiting", output);
    }

    [Fact]
    public async Task Tail_prints_device_events_and_sequence_gaps_and_ends_cleanly_on_cancel()
    {
        using var stop = new CancellationTokenSource();
        var output = new WatchedWriter();
        var error = new WatchedWriter();
        Task<int> tail = Program.RunAsync(["tail", "--url", _agent.ApiUrl, "--token", AgentFixture.AdminToken], output, error, stop.Token);
        // The agent subscribes this client before answering, so once the CLI says it is streaming nothing is missed.
        await error.WaitForAsync("streaming device events", Deadline);
        using IMqttClient device = await _agent.ConnectDeviceAsync();

        await device.PublishAsync(AgentFixture.Message(Topics.Events(AgentFixture.DeviceA), Encoding.UTF8.GetBytes("{\"v\":1,\"boot\":\"b1\",\"seq\":7,\"type\":\"dispensed\",\"slot\":0,\"order\":\"o-1\"}")));

        await output.WaitForAsync("cab-001 b1#7 dispensed slot=0 order=o-1", Deadline);
        await device.PublishAsync(AgentFixture.Message(Topics.Events(AgentFixture.DeviceA), Encoding.UTF8.GetBytes("{\"v\":1,\"boot\":\"b1\",\"seq\":10,\"type\":\"heartbeat\"}")));
        await output.WaitForAsync("cab-001 b1#10 seq_gap missed=8-9", Deadline);
        stop.Cancel();
        Assert.Equal(ExitCodes.Ok, await tail.WaitAsync(Deadline));
    }

    [Fact]
    public async Task Tail_ends_with_a_message_when_the_agent_stops_instead_of_holding_up_its_shutdown()
    {
        var output = new WatchedWriter();
        var error = new WatchedWriter();
        Task<int> tail = Program.RunAsync(["tail", "--url", _agent.ApiUrl, "--token", AgentFixture.AdminToken], output, error);
        await error.WaitForAsync("streaming device events", Deadline);

        await _agent.DisposeAsync().AsTask().WaitAsync(Deadline);

        Assert.Equal(ExitCodes.Unreachable, await tail.WaitAsync(Deadline));
        await error.WaitForAsync("error: the agent closed the event stream", Deadline);
        _agent = await AgentFixture.StartAsync();
    }

    [Fact]
    public async Task A_wrong_token_is_reported_without_echoing_any_token()
    {
        const string wrong = "wrong-token-0123456789abcdef";
        var output = new StringWriter();
        var error = new StringWriter();

        int code = await Program.RunAsync(["devices", "--url", _agent.ApiUrl, "--token", wrong], output, error);

        Assert.Equal(ExitCodes.Unauthorized, code);
        Assert.Equal("error: the agent refused the admin token (401): check --token or O2O_ADMIN_TOKEN" + Environment.NewLine, error.ToString());
        Assert.DoesNotContain(wrong, output.ToString() + error);
    }

    [Fact]
    public async Task An_unreachable_agent_is_reported_in_one_line()
    {
        string url = $"http://127.0.0.1:{O2O.LoopbackPorts.FreePort.Next()}";
        var error = new StringWriter();

        int code = await Program.RunAsync(["outbox", "--url", url, "--token", AgentFixture.AdminToken], new StringWriter(), error);

        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.StartsWith($"error: cannot reach the agent at {url}/", error.ToString());
        Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await Program.RunAsync([.. args, "--url", _agent.ApiUrl, "--token", AgentFixture.AdminToken], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
