using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Bench.Orders;

/// <summary>
/// One device on the agent's broker. It timestamps every unlock command it receives (by order id) and answers
/// with an ack and a dispense event from a worker, never from inside MQTTnet's receive handler.
/// </summary>
internal sealed class BenchDevice(string deviceId, string secret, int port) : IDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly System.Threading.Channels.Channel<DeviceCommand> _work = System.Threading.Channels.Channel.CreateUnbounded<DeviceCommand>();
    private long _sequence;

    public string DeviceId => deviceId;

    /// <summary>Order id → Stopwatch timestamp when its unlock arrived.</summary>
    public ConcurrentDictionary<string, long> UnlockArrivals { get; } = new(StringComparer.Ordinal);

    public async Task ConnectAsync(bool subscribe)
    {
        await _client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(deviceId)
            .WithCredentials(deviceId, secret).WithTimeout(TimeSpan.FromSeconds(10)).Build());
        if (subscribe)
        {
            _client.ApplicationMessageReceivedAsync += args =>
            {
                long arrived = Stopwatch.GetTimestamp();
                byte[] payload = args.ApplicationMessage.Payload.ToArray();
                if (DeviceCommand.Decode(payload, 0, payload.Length, new JsonReader(), out _, out _) is { } command)
                {
                    if (command.Type == CommandTypes.Unlock && command.OrderId is not null)
                    {
                        UnlockArrivals.TryAdd(command.OrderId, arrived);
                    }

                    _work.Writer.TryWrite(command);
                }

                return Task.CompletedTask;
            };
            await _client.SubscribeAsync(Topics.Commands(deviceId), MqttQualityOfServiceLevel.AtLeastOnce);
            _ = Task.Run(AnswerAsync);
        }
    }

    public Task<bool> PublishEventAsync(string type, string? orderId = null, int slot = DeviceEvent.NoSlot, string? token = null)
    {
        var evt = new DeviceEvent
        {
            BootId = "bench", Sequence = Interlocked.Increment(ref _sequence), Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Type = type, OrderId = orderId, Slot = slot, Token = token, ItemId = type == EventTypes.Dispensed ? "PB-1" : null,
        };
        var writer = new JsonWriter(512);
        evt.WriteTo(writer);
        return PublishAsync(Topics.Events(deviceId), writer.ToArray());
    }

    private async Task AnswerAsync()
    {
        await foreach (DeviceCommand command in _work.Reader.ReadAllAsync())
        {
            CommandAck ack = CommandAck.Create(command.Id, CommandAck.Ok, null);
            ack.BootId = "bench";
            var writer = new JsonWriter(256);
            ack.WriteTo(writer);
            await PublishAsync(Topics.Acks(deviceId), writer.ToArray());
            if (command.Type == CommandTypes.Unlock && command.OrderId is not null)
            {
                await PublishEventAsync(EventTypes.Dispensed, command.OrderId, command.Slot);
            }
        }
    }

    private async Task<bool> PublishAsync(string topic, byte[] payload)
    {
        try
        {
            return (await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build())).IsSuccess;
        }
        catch (Exception)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}
