using System.Buffers;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;
using O2O.Bench.Fleet;

namespace O2O.Bench.Peer;

/// <summary>
/// Stands for the cloud's consumer: a persistent-session (clean session off) QoS 1 subscriber to every device's
/// events on the cloud broker, so nothing that reached the cloud broker is missed while it reconnects. Each event
/// goes in the ledger by device id (from the topic) and sequence number (from the payload).
/// </summary>
internal sealed class CloudCollector(int port, string topicFilter, string topicPrefix, ArrivalLedger ledger) : IDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly CancellationTokenSource _stop = new();
    private long _received;

    public long Received => Interlocked.Read(ref _received);

    public bool IsConnected => _client.IsConnected;

    public async Task StartAsync()
    {
        _client.ApplicationMessageReceivedAsync += args =>
        {
            string topic = args.ApplicationMessage.Topic;
            if (topic.StartsWith(topicPrefix, StringComparison.Ordinal) && SequenceOf(args.ApplicationMessage.Payload) is long seq)
            {
                int end = topic.IndexOf('/', topicPrefix.Length);
                ledger.Record(topic[topicPrefix.Length..(end < 0 ? topic.Length : end)], seq);
                Interlocked.Increment(ref _received);
            }

            return Task.CompletedTask;
        };
        await ConnectAsync(subscribe: true);
        _ = Task.Run(KeepConnectedAsync);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _client.Dispose();
        _stop.Dispose();
    }

    /// <summary>Subscribing again on a reconnect is harmless and covers a cloud broker that lost its persisted session.</summary>
    private async Task ConnectAsync(bool subscribe)
    {
        MqttClientOptions options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId("bench-cloud-collector")
            // MQTT 3.1.1: a session without clean-session outlives the connection (under MQTT 5 it would also need
            // a session expiry interval, or it ends with the connection and the outage's events with it).
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _client.ConnectAsync(options, timeout.Token);
        if (subscribe)
        {
            await _client.SubscribeAsync(topicFilter, MqttQualityOfServiceLevel.AtLeastOnce, timeout.Token);
        }
    }

    /// <summary>The cloud broker goes away in the outage run; its persisted session keeps the subscription for the reconnect.</summary>
    private async Task KeepConnectedAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(200, _stop.Token);
                if (!_client.IsConnected)
                {
                    await ConnectAsync(subscribe: true);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
            {
                // Not back yet: the next round tries again.
            }
        }
    }

    private static long? SequenceOf(ReadOnlySequence<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("seq"u8) && reader.Read() && reader.TryGetInt64(out long seq))
            {
                return seq;
            }
        }

        return null;
    }
}
