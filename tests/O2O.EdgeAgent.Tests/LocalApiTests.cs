using System.Net;
using System.Net.Http.Json;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.EdgeAgent.Tests;

/// <summary>The local admin API on a real agent: token, health, metrics, devices, and commands reaching a real MQTT device.</summary>
public sealed class LocalApiTests : IAsyncLifetime
{
    private AgentFixture _agent = null!;

    public async Task InitializeAsync() => _agent = await AgentFixture.StartAsync();

    public async Task DisposeAsync() => await _agent.DisposeAsync();

    [Fact]
    public async Task Liveness_is_open_everything_else_needs_the_admin_token()
    {
        using HttpClient anonymous = _agent.Api(withToken: false);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("devices")).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "wrong-token-0123456789abcdef");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("health/ready")).StatusCode);
    }

    [Fact]
    public async Task Metrics_count_stored_events_and_refused_logins_in_prometheus_format()
    {
        using IMqttClient device = await _agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);
        await device.PublishAsync(Message(Topics.Events(AgentFixture.DeviceA), "{\"v\":1,\"boot\":\"b1\",\"seq\":1,\"type\":\"dispensed\"}"));
        await Assert.ThrowsAnyAsync<Exception>(() => _agent.ConnectAsync(AgentFixture.DeviceB, AgentFixture.DeviceB, "wrong"));
        using HttpClient api = _agent.Api();

        string metrics = await api.GetStringAsync("metrics");

        Assert.Contains("# TYPE o2o_events_stored_total counter\no2o_events_stored_total 1\n", metrics);
        Assert.Contains("o2o_auth_failures_total 1\n", metrics);
        Assert.Contains("o2o_outbox_events 1\n", metrics);
        Assert.Contains("o2o_store_quarantined 0\n", metrics);
    }

    [Fact]
    public async Task Devices_show_their_latest_state()
    {
        using IMqttClient device = await _agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);
        var state = new DeviceState { DeviceId = AgentFixture.DeviceA, Kind = "powerbank", Firmware = "0.2.0", BootId = "b1", Slots = [new SlotSnapshot { Number = 0, State = "idle", ItemId = "PB-1" }] };
        var writer = new JsonWriter(256);
        state.WriteTo(writer);
        await device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(Topics.State(AgentFixture.DeviceA)).WithPayload(writer.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().Build());
        using HttpClient api = _agent.Api();

        string list = await api.GetStringAsync("devices");
        string detail = await api.GetStringAsync($"devices/{AgentFixture.DeviceA}");

        Assert.Contains("\"deviceId\":\"cab-001\",\"online\":true,\"kind\":\"powerbank\",\"firmware\":\"0.2.0\"", list);
        Assert.Contains("\"item\":\"PB-1\"", detail);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("devices/cab-999")).StatusCode);
    }

    [Fact]
    public async Task A_devices_latest_heartbeat_health_is_shown_in_its_detail()
    {
        using IMqttClient device = await _agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);
        var heartbeat = new DeviceEvent { BootId = "b1", Sequence = 1, Type = EventTypes.Heartbeat, Health = new HealthReport { UptimeSeconds = 3600, FreeMemoryBytes = 70000, ResetReason = "brownout", WifiRssi = -70, Firmware = "0.2.0", Jams = 2 } };
        var writer = new JsonWriter(512);
        heartbeat.WriteTo(writer);
        await device.PublishAsync(Message(Topics.Events(AgentFixture.DeviceA), Encoding.UTF8.GetString(writer.ToArray())));
        using HttpClient api = _agent.Api();

        string detail = await api.GetStringAsync($"devices/{AgentFixture.DeviceA}");

        Assert.Contains("\"resetReason\":\"brownout\"", detail);
        Assert.Contains("\"jams\":2", detail);
    }

    [Fact]
    public async Task A_command_sent_through_the_api_reaches_the_device_over_mqtt()
    {
        using IMqttClient device = await _agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);
        var received = new TaskCompletionSource<string>();
        device.ApplicationMessageReceivedAsync += args =>
        {
            received.TrySetResult(Encoding.UTF8.GetString(args.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };
        await device.SubscribeAsync(Topics.Commands(AgentFixture.DeviceA), MqttQualityOfServiceLevel.AtLeastOnce);
        using HttpClient api = _agent.Api();

        HttpResponseMessage response = await api.PostAsJsonAsync($"devices/{AgentFixture.DeviceA}/commands", new { type = "beep", pattern = "alarm" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string payload = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("\"type\":\"beep\",\"pattern\":\"alarm\"", payload);
    }

    [Theory]
    [InlineData("{\"type\":\"unlock\",\"slot\":0,\"order\":\"o-1\"}", HttpStatusCode.Forbidden, "technician token")]
    [InlineData("{\"type\":\"beep\"}", HttpStatusCode.BadRequest, "missing_field: pattern")]
    [InlineData("{\"type\":\"self_destruct\"}", HttpStatusCode.BadRequest, "unknown_type")]
    [InlineData("{\"type\":\"reserve\",\"slot\":99,\"minutes\":5}", HttpStatusCode.BadRequest, "invalid_value: slot")]
    public async Task Commands_the_device_would_refuse_are_refused_here_with_the_reason(string body, HttpStatusCode status, string reason)
    {
        using HttpClient api = _agent.Api();

        HttpResponseMessage response = await api.PostAsync($"devices/{AgentFixture.DeviceA}/commands", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }

    private static MqttApplicationMessage Message(string topic, string payload) => new MqttApplicationMessageBuilder()
        .WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    [Fact]
    public async Task Maintenance_and_redemption_calls_refuse_bad_credentials_with_their_reason_and_count_them()
    {
        using HttpClient api = _agent.Api();

        HttpResponseMessage pass = await api.PostAsJsonAsync("maintenance/unlock", new { pass = "bm90LWEtcGFzcw", slot = 0 });
        HttpResponseMessage code = await api.PostAsJsonAsync($"devices/{AgentFixture.DeviceA}/redeem", new { token = "123456789012", slot = 0 });

        Assert.Equal((HttpStatusCode.Forbidden, "{\"error\":\"malformed\"}"), (pass.StatusCode, await pass.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.Forbidden, "{\"error\":\"not_in_cache\"}"), (code.StatusCode, await code.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("maintenance/unlock", new { slot = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync("devices/cab-999/redeem", new { token = "123456789012" })).StatusCode);
        Assert.Equal("[]", await api.GetStringAsync("offline/conflicts"));
        Assert.Equal("[]", await api.GetStringAsync("maintenance/journal"));
        string metrics = await api.GetStringAsync("metrics");
        Assert.Contains("o2o_refusals_total{flow=\"technician\",reason=\"malformed\"} 1\n", metrics);
        Assert.Contains("o2o_refusals_total{flow=\"offline\",reason=\"not_in_cache\"} 1\n", metrics);
    }
}
