using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using O2O.EdgeAgent.Storage;
using O2O.Protocol;

namespace O2O.EdgeAgent.Tests;

/// <summary>Orders that a crash or a long outage could strand: each still ends with exactly one outcome.</summary>
public sealed class OrderRecoveryTests : IAsyncLifetime
{
    private AgentFixture _agent = null!;

    public async Task InitializeAsync() => _agent = await AgentFixture.StartAsync();

    public async Task DisposeAsync() => await _agent.DisposeAsync();

    [Fact]
    public async Task A_dispense_event_redelivered_after_a_crash_still_settles_its_order()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _agent.Store.BeginOrder("o-1", AgentFixture.DeviceA, 0, now);
        var dispensed = new DeviceEvent { BootId = "b1", Sequence = 5, Type = EventTypes.Dispensed, Slot = 0, OrderId = "o-1", ItemId = "PB-1" };
        const string json = "{\"v\":1,\"boot\":\"b1\",\"seq\":5,\"ts\":0,\"type\":\"dispensed\",\"slot\":0,\"order\":\"o-1\",\"item\":\"PB-1\"}";
        // The agent stored the event, then stopped before the order heard of it.
        _agent.Store.InsertEvent(AgentFixture.DeviceA, dispensed, Encoding.UTF8.GetBytes(json), now);
        using IMqttClient device = await _agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);

        await device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(Topics.Events(AgentFixture.DeviceA))
            .WithPayload(Encoding.UTF8.GetBytes(json)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        Assert.Equal("dispensed", _agent.Store.FindOrder("o-1")!.Outcome);
        Assert.Equal(1, _agent.Counters.DuplicateEvents.Value);
    }

    [Fact]
    public async Task An_unlock_the_device_never_acked_stops_being_resent_and_the_order_fails_for_a_refund()
    {
        long longAgo = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - O2O.EdgeAgent.Orders.OrderOutcomes.CommandLifetimeMs - 1000;
        _agent.Store.BeginOrder("o-2", AgentFixture.DeviceA, 0, longAgo);

        await _agent.Outcomes.ResendUnackedAsync(CancellationToken.None);

        OrderRecord order = _agent.Store.FindOrder("o-2")!;
        Assert.Equal(("failed", "expired"), (order.Outcome, order.Reason));
        Assert.Empty(_agent.Store.UnackedCommands());
    }
    // Found by the fault campaign's broker-restart phase: mosquitto, killed before it saved, lost a device's dispensed
    // event after it had PUBACKed it, and the acked order waited for an outcome for ever.
    [Fact]
    public async Task An_acked_order_whose_outcome_never_comes_fails_at_its_deadline_and_a_late_dispense_changes_nothing()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long pastDeadline = now - TimeSpan.FromMinutes(new EdgeAgentOptions().OutcomeDeadlineMinutes + 1).Ticks / TimeSpan.TicksPerMillisecond;
        _agent.Store.BeginOrder("o-lost", AgentFixture.DeviceA, 0, pastDeadline);
        _agent.Store.RecordAck(AgentFixture.DeviceA, "unlock-o-lost", CommandAck.Ok, null);
        _agent.Store.BeginOrder("o-open", AgentFixture.DeviceA, 1, now - 60_000);
        _agent.Store.RecordAck(AgentFixture.DeviceA, "unlock-o-open", CommandAck.Ok, null);
        _agent.Store.BeginOrder("o-unacked", AgentFixture.DeviceA, 2, pastDeadline);

        _agent.Outcomes.FailOrdersPastTheirDeadline();

        Assert.Equal(("failed", O2O.EdgeAgent.Orders.OrderOutcomes.OutcomeLost), (_agent.Store.FindOrder("o-lost")!.Outcome, _agent.Store.FindOrder("o-lost")!.Reason));
        Assert.Null(_agent.Store.FindOrder("o-open")!.Outcome);
        // An unlock the device never acked is not this deadline's business: it expires after CommandLifetimeMs instead
        // (the running agent's retry loop may already have done so).
        Assert.NotEqual(O2O.EdgeAgent.Orders.OrderOutcomes.OutcomeLost, _agent.Store.FindOrder("o-unacked")!.Reason);

        const string json = "{\"v\":1,\"boot\":\"b1\",\"seq\":9,\"ts\":0,\"type\":\"dispensed\",\"slot\":0,\"order\":\"o-lost\",\"item\":\"PB-1\"}";
        using IMqttClient device = await _agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);
        await device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(Topics.Events(AgentFixture.DeviceA))
            .WithPayload(Encoding.UTF8.GetBytes(json)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        // The PUBACK came after the event was stored and handled; it is kept for the cloud all the same.
        Assert.Contains(_agent.Store.PendingEvents(100), e => Encoding.UTF8.GetString(e.Payload).Contains("\"order\":\"o-lost\"", StringComparison.Ordinal));
        Assert.Equal("failed", _agent.Store.FindOrder("o-lost")!.Outcome);
    }

    // Found by the fault campaign (bench/O2O.Bench.Faults): an unlock last sent while the agent's clock ran ahead was
    // not sent again until the clock, set right, caught up with that send time.
    [Fact]
    public async Task An_unlock_last_sent_before_the_clock_was_set_back_is_sent_again_at_once()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _agent.Store.BeginOrder("o-3", AgentFixture.DeviceA, 0, now);
        _agent.Store.MarkCommandSent("unlock-o-3", now + (long)TimeSpan.FromMinutes(10).TotalMilliseconds);
        using IMqttClient device = await _agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);
        int received = 0;
        device.ApplicationMessageReceivedAsync += _ =>
        {
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        };
        await device.SubscribeAsync(Topics.Commands(AgentFixture.DeviceA), MqttQualityOfServiceLevel.AtLeastOnce);

        await _agent.Outcomes.ResendUnackedAsync(CancellationToken.None);

        await Eventually.HoldsAsync(() => Volatile.Read(ref received) >= 1, TimeSpan.FromSeconds(10), "the unlock to be sent again");
        Assert.True(_agent.Store.UnackedCommands().Single().LastSentMs <= DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }
}
