using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;
using O2O.Firmware.Core;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Simulator.Devices;

/// <summary>
/// A virtual device's MQTT connection over real TCP, shaped like the ESP32's: client id and user name are
/// the device id, the last will marks it offline, and incoming commands queue until the device loop takes them.
/// </summary>
public sealed class MqttDeviceLink(string deviceId, string secret, string host, int port) : IDeviceLink, IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _inbox = new();

    public bool IsConnected => _client.IsConnected;

    public async Task ConnectAsync(string bootId, CancellationToken cancellationToken)
    {
        var writer = new JsonWriter(64);
        Availability.Write(writer, Availability.Offline, bootId);
        MqttClientOptions options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(deviceId)
            .WithCredentials(deviceId, secret)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithWillTopic(Topics.Availability(deviceId))
            .WithWillPayload(writer.ToArray())
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        _client.ApplicationMessageReceivedAsync += args =>
        {
            _inbox.Enqueue((args.ApplicationMessage.Topic, args.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        MqttClientConnectResult result = await _client.ConnectAsync(options, cancellationToken);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"Broker refused device {deviceId}: {result.ResultCode}");
        }

        await _client.SubscribeAsync(Topics.Commands(deviceId), MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken);
        writer.Reset();
        Availability.Write(writer, Availability.Online, bootId);
        Publish(Topics.Availability(deviceId), writer.Buffer, writer.Length, true, true);
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
        if (!_client.IsConnected)
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
            return _client.PublishAsync(message).GetAwaiter().GetResult().IsSuccess;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
