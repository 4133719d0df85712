using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using O2O.EdgeAgent.Gateway;
using O2O.Protocol;

namespace O2O.EdgeAgent.Tests;

/// <summary>
/// The same gateway behaviour with both brokers: the embedded MQTTnet broker and Debian's mosquitto in
/// external mode. With mosquitto the broker acknowledges the device and the agent stores after, so these
/// tests wait for the store with a deadline instead of relying on the PUBACK.
/// </summary>
public sealed class BrokerModeTests
{
    public static TheoryData<bool> Modes => new() { false, true };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_device_event_is_stored_and_a_redelivery_only_once(bool external)
    {
        await using AgentFixture agent = await AgentFixture.StartAsync(external);
        using IMqttClient device = await agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);

        await device.PublishAsync(Event(AgentFixture.DeviceA, 1));
        await device.PublishAsync(Event(AgentFixture.DeviceA, 1));
        await device.PublishAsync(Event(AgentFixture.DeviceA, 2));

        await Eventually.HoldsAsync(() => agent.Store.PendingEventCount() == 2 && agent.Counters.DuplicateEvents.Value == 1, TimeSpan.FromSeconds(10), "two events and one duplicate");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Publishing_as_another_device_never_reaches_the_store(bool external)
    {
        await using AgentFixture agent = await AgentFixture.StartAsync(external);
        using IMqttClient attacker = await agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);

        await attacker.PublishAsync(Event(AgentFixture.DeviceB, 1));
        // The broker handles one client's messages in order: once this one is stored, the forged one was judged.
        await attacker.PublishAsync(Event(AgentFixture.DeviceA, 1));

        await Eventually.HoldsAsync(() => agent.Store.PendingEventCount() >= 1, TimeSpan.FromSeconds(10), "the device's own event");
        Assert.Equal(1, agent.Store.PendingEventCount());
        Assert.Equal(AgentFixture.DeviceA, agent.Store.PendingEvents(10).Single().DeviceId);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Wrong_secrets_are_refused(bool external)
    {
        await using AgentFixture agent = await AgentFixture.StartAsync(external);

        var refusal = await Assert.ThrowsAnyAsync<Exception>(() => agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, "not-the-secret"));

        // MQTTnet's broker answers "bad user name or password"; mosquitto 2 answers "not authorized". Both refuse.
        Assert.Matches("BadUserNameOrPassword|NotAuthorized", refusal.Message);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_command_from_the_agent_reaches_only_its_device(bool external)
    {
        await using AgentFixture agent = await AgentFixture.StartAsync(external);
        using IMqttClient deviceA = await agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);
        using IMqttClient deviceB = await agent.ConnectAsync(AgentFixture.DeviceB, AgentFixture.DeviceB, AgentFixture.SecretB);
        var receivedByA = new TaskCompletionSource<string>();
        var topicsSeenByB = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var ownSeenByB = new TaskCompletionSource();
        deviceA.ApplicationMessageReceivedAsync += args => { receivedByA.TrySetResult(args.ApplicationMessage.Topic); return Task.CompletedTask; };
        deviceB.ApplicationMessageReceivedAsync += args =>
        {
            topicsSeenByB.Enqueue(args.ApplicationMessage.Topic);
            if (args.ApplicationMessage.Topic == Topics.Commands(AgentFixture.DeviceB))
            {
                ownSeenByB.TrySetResult();
            }

            return Task.CompletedTask;
        };
        await deviceA.SubscribeAsync(Topics.Commands(AgentFixture.DeviceA), MqttQualityOfServiceLevel.AtLeastOnce);
        await deviceB.SubscribeAsync(Topics.Commands(AgentFixture.DeviceB), MqttQualityOfServiceLevel.AtLeastOnce);
        // B also tries to listen in on A. The embedded broker refuses the subscription; mosquitto grants it but its
        // ACL never delivers: either way, B must not see A's command.
        await deviceB.SubscribeAsync(Topics.Commands(AgentFixture.DeviceA), MqttQualityOfServiceLevel.AtLeastOnce);
        byte[] command = Encoding.UTF8.GetBytes("{\"v\":1,\"id\":\"c\",\"type\":\"show_qr\"}");

        await agent.CommandSender.SendAsync(AgentFixture.DeviceA, command, CancellationToken.None);
        await agent.CommandSender.SendAsync(AgentFixture.DeviceB, command, CancellationToken.None);

        Assert.Equal(Topics.Commands(AgentFixture.DeviceA), await receivedByA.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        // B's own command was sent after A's: once B has it, anything leaked from A would have arrived before it.
        await ownSeenByB.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([Topics.Commands(AgentFixture.DeviceB)], topicsSeenByB);
    }

    internal static MqttApplicationMessage Event(string deviceId, long seq) => new MqttApplicationMessageBuilder()
        .WithTopic(Topics.Events(deviceId))
        .WithPayload(Encoding.UTF8.GetBytes($"{{\"v\":1,\"boot\":\"b1\",\"seq\":{seq},\"type\":\"heartbeat\"}}"))
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
}
