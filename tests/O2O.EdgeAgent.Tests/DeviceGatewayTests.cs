using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using O2O.EdgeAgent.Gateway;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.EdgeAgent.Tests;

/// <summary>
/// The embedded broker against real MQTTnet clients over loopback: logins, topic ACLs, and that an event
/// is durable by the time the device holds its PUBACK.
/// </summary>
public sealed class DeviceGatewayTests : IAsyncLifetime
{
    private AgentFixture _agent = null!;

    public async Task InitializeAsync() => _agent = await AgentFixture.StartAsync();

    public async Task DisposeAsync() => await _agent.DisposeAsync();

    [Fact]
    public async Task A_device_with_its_own_secret_connects()
    {
        using IMqttClient client = await _agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);

        Assert.True(client.IsConnected);
    }

    [Theory]
    [InlineData(AgentFixture.DeviceA, AgentFixture.DeviceA, "wrong")]
    [InlineData(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretB)]
    [InlineData(AgentFixture.DeviceA, AgentFixture.DeviceB, AgentFixture.SecretB)]
    [InlineData("cab-999", "cab-999", AgentFixture.SecretA)]
    [InlineData("bad/id", "bad/id", AgentFixture.SecretA)]
    public async Task Wrong_secrets_unknown_devices_and_borrowed_identities_are_refused_and_counted(string clientId, string user, string password)
    {
        var refusal = await Assert.ThrowsAnyAsync<Exception>(() => _agent.ConnectAsync(clientId, user, password));

        Assert.Contains("BadUserNameOrPassword", refusal.Message);
        Assert.Equal(1, _agent.Counters.AuthFailures.Value);
    }

    [Fact]
    public async Task An_event_is_in_the_store_by_the_time_its_publish_is_acknowledged()
    {
        using IMqttClient device = await _agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);

        MqttClientPublishResult result = await device.PublishAsync(Message(Topics.Events(AgentFixture.DeviceA), EventJson(1, EventTypes.Dispensed)));

        Assert.True(result.IsSuccess);
        Assert.Equal(1, _agent.Store.PendingEventCount());
    }

    [Fact]
    public async Task Redelivered_events_are_stored_once_and_gaps_are_counted()
    {
        using IMqttClient device = await _agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);
        var gaps = new List<(string Device, SequenceGap Gap)>();
        _agent.Traffic.GapDetected += (deviceId, gap) =>
        {
            gaps.Add((deviceId, gap));
            return Task.CompletedTask;
        };

        foreach (long seq in new long[] { 1, 2, 2, 5 })
        {
            await device.PublishAsync(Message(Topics.Events(AgentFixture.DeviceA), EventJson(seq, EventTypes.Heartbeat)));
        }

        Assert.Equal(3, _agent.Store.PendingEventCount());
        Assert.Equal(1, _agent.Counters.DuplicateEvents.Value);
        Assert.Equal(2, _agent.Registry.Get(AgentFixture.DeviceA).MissedEvents);
        (string gapDevice, SequenceGap reported) = Assert.Single(gaps);
        Assert.Equal(AgentFixture.DeviceA, gapDevice);
        Assert.Equal(new SequenceGap("b1", 3, 4, 5), reported);
    }

    [Fact]
    public async Task The_first_boot_heard_after_an_agent_restart_is_not_a_gap_but_a_new_boot_counts_from_one()
    {
        using IMqttClient device = await _agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);

        // Mid-boot when the agent first hears it (seq 40), then a reboot whose first event that reaches us is seq 3.
        await device.PublishAsync(Message(Topics.Events(AgentFixture.DeviceA), EventJson(40, EventTypes.Heartbeat)));
        await device.PublishAsync(Message(Topics.Events(AgentFixture.DeviceA), "{\"v\":1,\"boot\":\"b2\",\"seq\":3,\"type\":\"heartbeat\"}"));

        Assert.Equal(2, _agent.Registry.Get(AgentFixture.DeviceA).MissedEvents);
    }

    [Fact]
    public async Task Publishing_as_another_device_is_refused_and_nothing_is_stored()
    {
        using IMqttClient attacker = await _agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);

        MqttClientPublishResult[] results =
        [
            await attacker.PublishAsync(Message(Topics.Events(AgentFixture.DeviceB), EventJson(1, EventTypes.Dispensed))),
            await attacker.PublishAsync(Message(Topics.Commands(AgentFixture.DeviceA), "{}")),
            await attacker.PublishAsync(Message("o2o/v1/site/site-t/up", "{}")),
        ];

        Assert.All(results, result => Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode));
        Assert.Equal(0, _agent.Store.PendingEventCount());
        Assert.Equal(3, _agent.Counters.AclViolations.Value);
    }

    [Theory]
    [InlineData("o2o/v1/dev/cab-002/cmd")]
    [InlineData("o2o/v1/dev/+/cmd")]
    [InlineData("o2o/v1/#")]
    [InlineData("#")]
    [InlineData("o2o/v1/dev/cab-001/evt")]
    public async Task Subscribing_beyond_its_own_command_topic_is_refused(string filter)
    {
        using IMqttClient device = await _agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);

        MqttClientSubscribeResult result = await device.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, result.Items.Single().ResultCode);
    }

    [Fact]
    public async Task A_device_may_subscribe_to_its_own_command_topic()
    {
        using IMqttClient device = await _agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);

        MqttClientSubscribeResult result = await device.SubscribeAsync(Topics.Commands(AgentFixture.DeviceA), MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, result.Items.Single().ResultCode);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"v\":2,\"boot\":\"b\",\"seq\":1,\"type\":\"boot\"}")]
    [InlineData("{\"v\":1,\"boot\":\"b\",\"seq\":1,\"type\":\"nonsense\"}")]
    public async Task Undecodable_events_are_refused_counted_and_never_stored(string payload)
    {
        using IMqttClient device = await _agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);

        MqttClientPublishResult result = await device.PublishAsync(Message(Topics.Events(AgentFixture.DeviceA), payload));

        // Acknowledged (resending cannot help), with a reason code that tells an MQTT 5 client why.
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, result.ReasonCode);
        Assert.Equal(0, _agent.Store.PendingEventCount());
        Assert.Equal(1, _agent.Counters.RejectedPayloads.Value);
    }

    [Fact]
    public async Task An_event_naming_another_device_in_its_body_is_refused()
    {
        using IMqttClient device = await _agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);

        MqttClientPublishResult result = await device.PublishAsync(Message(Topics.Events(AgentFixture.DeviceA),
            "{\"v\":1,\"dev\":\"cab-002\",\"boot\":\"b1\",\"seq\":1,\"type\":\"dispensed\"}"));

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, result.ReasonCode);
        Assert.Equal(0, _agent.Store.PendingEventCount());
    }

    [Fact]
    public async Task A_state_snapshot_naming_another_device_is_refused()
    {
        using IMqttClient device = await _agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);
        var state = new DeviceState { DeviceId = AgentFixture.DeviceB, Kind = "powerbank", Slots = [] };
        var writer = new JsonWriter(128);
        state.WriteTo(writer);

        await device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(Topics.State(AgentFixture.DeviceA)).WithPayload(writer.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        Assert.Null(_agent.Registry.Get(AgentFixture.DeviceA).LastState);
        Assert.Null(_agent.Registry.Get(AgentFixture.DeviceB).LastState);
        Assert.Equal(1, _agent.Counters.RejectedPayloads.Value);
    }

    private static MqttApplicationMessage Message(string topic, string payload) => new MqttApplicationMessageBuilder()
        .WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private static string EventJson(long seq, string type) => $"{{\"v\":1,\"boot\":\"b1\",\"seq\":{seq},\"type\":\"{type}\"}}";
}
