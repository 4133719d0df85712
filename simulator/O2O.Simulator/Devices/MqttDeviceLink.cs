using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Simulator.Devices;

/// <summary>
/// A virtual device's MQTT connection over real TCP, shaped like the ESP32's: client id and user name are
/// the device id, the session persists, the last will marks it offline, incoming commands queue until the
/// device loop takes them, and the loop's <see cref="Maintain"/> reconnects with exponential back-off and
/// full jitter. A dropped connection is torn down without a DISCONNECT, so the broker sees what it sees when
/// Wi-Fi goes: the socket gone, and it publishes the will.
/// </summary>
public sealed class MqttDeviceLink : IDeviceConnection
{
    private const int FirstBackoffMs = 500;
    private const int MaxBackoffMs = 8000;
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _inbox = new();
    private readonly Lock _gate = new();
    private readonly string _deviceId;
    private readonly string _secret;
    private readonly string _host;
    private readonly int _port;
    private IMqttClient _client;
    private bool _connecting;
    private int _backoffMs = FirstBackoffMs;
    private long _nextAttemptAt;

    public MqttDeviceLink(string deviceId, string secret, string host, int port)
    {
        _deviceId = deviceId;
        _secret = secret;
        _host = host;
        _port = port;
        _client = NewClient();
    }

    public bool IsConnected => Current.IsConnected;

    /// <summary>Connections made, the first included.</summary>
    public int Connections { get; private set; }

    private IMqttClient Current { get { lock (_gate) { return _client; } } }

    public async Task ConnectAsync(string bootId, CancellationToken cancellationToken)
    {
        IMqttClient client = Current;
        var writer = new JsonWriter(64);
        Availability.Write(writer, Availability.Offline, bootId);
        MqttClientOptions options = new MqttClientOptionsBuilder()
            .WithTcpServer(_host, _port)
            .WithClientId(_deviceId)
            .WithCredentials(_deviceId, _secret)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithWillTopic(Topics.Availability(_deviceId))
            .WithWillPayload(writer.ToArray())
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        MqttClientConnectResult result = await client.ConnectAsync(options, cancellationToken);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"Broker refused device {_deviceId}: {result.ResultCode}");
        }

        await client.SubscribeAsync(Topics.Commands(_deviceId), MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken);
        Connections++;
        writer.Reset();
        Availability.Write(writer, Availability.Online, bootId);
        Publish(Topics.Availability(_deviceId), writer.Buffer, writer.Length, true, true);
    }

    // Like M2MqttLink.Maintain: the connection runs off the loop thread, so the loop keeps timing latches meanwhile.
    public void Maintain(string bootId, bool networkUp)
    {
        lock (_gate)
        {
            if (_connecting || !networkUp || _client.IsConnected || Environment.TickCount64 < _nextAttemptAt)
            {
                return;
            }

            _connecting = true;
        }

        _ = Task.Run(async () =>
        {
            bool connected;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await ConnectAsync(bootId, timeout.Token);
                connected = true;
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or OperationCanceledException or ObjectDisposedException)
            {
                connected = false;
            }

            lock (_gate)
            {
                if (connected)
                {
                    _backoffMs = FirstBackoffMs;
                }
                else
                {
                    // Full jitter: a whole site's devices coming back after a power cut must not reconnect in step.
                    _nextAttemptAt = Environment.TickCount64 + Random.Shared.Next(_backoffMs);
                    _backoffMs = Math.Min(_backoffMs * 2, MaxBackoffMs);
                }

                _connecting = false;
            }
        });
    }

    public void Drop(bool powerLost)
    {
        IMqttClient dead;
        lock (_gate)
        {
            dead = _client;
            _client = NewClient();
            _nextAttemptAt = 0;
        }

        // Disposing tears the socket down without a DISCONNECT packet: to the broker the device just vanished.
        dead.Dispose();
        if (powerLost)
        {
            _inbox.Clear();
        }
    }

    /// <summary>Takes the next received message, if any.</summary>
    public bool TryReceive(out string topic, out byte[] payload)
    {
        if (_inbox.TryDequeue(out (string Topic, byte[] Payload) next))
        {
            topic = next.Topic;
            payload = next.Payload;
            return true;
        }

        topic = "";
        payload = [];
        return false;
    }

    public bool Publish(string topic, byte[] payload, int length, bool retain, bool atLeastOnce)
    {
        IMqttClient client = Current;
        if (!client.IsConnected)
        {
            return false;
        }

        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.AsMemory(0, length).ToArray())
            .WithRetainFlag(retain)
            .WithQualityOfServiceLevel(atLeastOnce ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce)
            .Build();
        try
        {
            // The device API is synchronous, like M2Mqtt's; the device loop owns its thread, so blocking here is fine.
            return client.PublishAsync(message).GetAwaiter().GetResult().IsSuccess;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        IMqttClient client = Current;
        if (client.IsConnected)
        {
            try
            {
                await client.DisconnectAsync();
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // Already gone: nothing to say goodbye to.
            }
        }

        client.Dispose();
    }

    private IMqttClient NewClient()
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += args =>
        {
            _inbox.Enqueue((args.ApplicationMessage.Topic, args.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        return client;
    }
}
