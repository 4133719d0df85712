using Microsoft.Data.Sqlite;
using MQTTnet;
using O2O.EdgeAgent.Gateway;
using O2O.Protocol;

namespace O2O.EdgeAgent.Tests;

/// <summary>
/// The agent in external-broker mode outlives mosquitto restarts. Found by the fault campaign's broker-restart
/// phase (bench/O2O.Bench.Faults): when mosquitto went away while the agent was still handling a message, MQTTnet's
/// client stayed "disconnecting" until the handler returned, the link's reconnect threw "Not allowed to connect
/// while connect/disconnect is pending", the exception left the background service and the host stopped: the
/// agent exited, and every device event mosquitto acknowledged after that waited for a subscriber that never came.
/// </summary>
public sealed class ExternalBrokerRestartTests
{
    [Fact]
    public async Task The_link_reconnects_when_mosquitto_dies_while_a_message_is_being_stored()
    {
        await using AgentFixture agent = await AgentFixture.StartAsync(externalBroker: true);
        var link = agent.Service<ExternalBrokerLink>();
        using IMqttClient device = await agent.ConnectAsync(AgentFixture.DeviceA, AgentFixture.DeviceA, AgentFixture.SecretA);
        await device.PublishAsync(BrokerModeTests.Event(AgentFixture.DeviceA, 1));
        await Eventually.HoldsAsync(() => agent.Store.PendingEventCount() == 1, TimeSpan.FromSeconds(10), "the first event stored");

        // Another writer holds the database: the next event's group commit waits, so the agent's message handler is
        // still running when mosquitto dies, and the client's disconnect cannot finish until it returns.
        using (var blocker = new SqliteConnection($"Data Source={agent.StorePath};Pooling=False"))
        {
            blocker.Open();
            using (SqliteCommand begin = blocker.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                begin.ExecuteNonQuery();
            }

            await device.PublishAsync(BrokerModeTests.Event(AgentFixture.DeviceA, 2));
            await Eventually.HoldsAsync(() => link.MessagesInHandler == 1, TimeSpan.FromSeconds(10), "the agent's handler to wait for its commit");
            int failedBefore = link.FailedConnects;
            agent.Mosquitto!.Kill9();
            await agent.Mosquitto.RestartAsync();
            // Several reconnect attempts while the handler is still stuck (before the fix the first one stopped the host).
            await Eventually.HoldsAsync(() => link.FailedConnects >= failedBefore + 2 || link.ExecuteTask!.IsCompleted, TimeSpan.FromSeconds(20),
                "the link to try reconnecting while the handler is stuck");
            Assert.Equal(1, link.MessagesInHandler);
            using SqliteCommand rollback = blocker.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        await Eventually.HoldsAsync(() => link.IsReceiving || link.ExecuteTask!.IsCompleted, TimeSpan.FromSeconds(20), "the link to subscribe again");
        Assert.False(link.ExecuteTask!.IsFaulted, link.ExecuteTask.Exception?.ToString());
        Assert.False(agent.Lifetime.ApplicationStopping.IsCancellationRequested, "the agent host is stopping");
        Assert.True(link.IsReceiving);
    }
}
