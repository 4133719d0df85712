using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Bench.Faults;

/// <summary>
/// One device as the firmware behaves on the wire: events leave in order and stay queued until the broker
/// acknowledges them (so a killed agent only delays them), each command id is executed once and repeats get the
/// same ack, and an executed unlock ends with a transactional <c>dispensed</c> event. It records what the
/// campaign counts: the transactional events the agent acknowledged, and the unlock command ids it executed.
/// </summary>
public sealed class CampaignDevice(string deviceId, string secret, int brokerPort, Func<long> clockMs) : IAsyncDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<Outgoing> _unsent = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ConcurrentDictionary<string, byte> _seenCommandIds = new(StringComparer.Ordinal);
    private readonly System.Threading.Channels.Channel<DeviceCommand> _commands = System.Threading.Channels.Channel.CreateUnbounded<DeviceCommand>();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _bootId = "boot-" + Guid.NewGuid().ToString("N")[..8];
    private long _sequence;
    private long _refused;
    private Task[] _loops = [];

    public string DeviceId => deviceId;

    public bool IsConnected => _client.IsConnected;

    /// <summary>Added to this device's timestamps: a device whose RTC drifted or jumped.</summary>
    public long ClockSkewMs { get; set; }

    /// <summary>Keys (device/boot/seq) of transactional events the agent acknowledged with a PUBACK.</summary>
    public ConcurrentBag<string> AckedTransactional { get; } = [];

    /// <summary>
    /// When the publish that got each of <see cref="AckedTransactional"/> acknowledged started (Stopwatch timestamp). A
    /// publish goes over the connection of the moment and fails if that broker dies, so this says exactly which run of
    /// the broker acknowledged it, where the time of the ack could fall just after the broker was killed.
    /// </summary>
    public ConcurrentDictionary<string, long> AckedPublishStarts { get; } = new(StringComparer.Ordinal);

    /// <summary>Order id (or offline token id) → the key of the <c>dispensed</c> event that settles it (the only one that does).</summary>
    public ConcurrentDictionary<string, string> DispensedKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Order id (or offline token id) → the distinct unlock command ids executed for it.</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> UnlocksByOrder { get; } = new(StringComparer.Ordinal);

    /// <summary>Publishes the agent answered with anything but success (or not at all): refused, never acknowledged.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public int Unsent => _unsent.Count;

    public void Start()
    {
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _loops = [KeepConnectedAsync(_stop.Token), SendAsync(_stop.Token), ExecuteAsync(_stop.Token)];
    }

    public void PublishHeartbeat() => Enqueue(new DeviceEvent { Type = EventTypes.Heartbeat });

    /// <summary>A transactional event not tied to an order (a customer put an item back).</summary>
    public void PublishItemReturned(int slot) => Enqueue(new DeviceEvent { Type = EventTypes.ItemReturned, Slot = slot, ItemId = "PB-" + slot });

    /// <summary>A customer types an offline code at the keypad.</summary>
    public void PresentToken(string code, int slot) => Enqueue(new DeviceEvent { Type = EventTypes.TokenPresented, Slot = slot, Token = code });

    private string? Enqueue(DeviceEvent evt)
    {
        evt.BootId = _bootId;
        evt.Sequence = Interlocked.Increment(ref _sequence);
        evt.Timestamp = clockMs() + ClockSkewMs;
        var writer = new JsonWriter(1024);
        evt.WriteTo(writer);
        string? key = EventTypes.IsTransactional(evt.Type) ? $"{deviceId}/{_bootId}/{evt.Sequence}" : null;
        _unsent.Enqueue(new Outgoing(Topics.Events(deviceId), writer.ToArray(), key));
        _wake.Release();
        return key;
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        // Only queue here: publishing the ack from the receive handler would wait for a PUBACK it blocks.
        byte[] payload = args.ApplicationMessage.Payload.ToArray();
        if (DeviceCommand.Decode(payload, 0, payload.Length, new JsonReader(), out _, out _) is { } command)
        {
            _commands.Writer.TryWrite(command);
        }

        return Task.CompletedTask;
    }

    private async Task ExecuteAsync(CancellationToken stop)
    {
        try
        {
            await foreach (DeviceCommand command in _commands.Reader.ReadAllAsync(stop))
            {
                bool first = _seenCommandIds.TryAdd(command.Id, 0);
                if (first && command.Type == CommandTypes.Unlock && command.OrderId is not null)
                {
                    UnlocksByOrder.GetOrAdd(command.OrderId, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal)).TryAdd(command.Id, 0);
                }

                CommandAck ack = CommandAck.Create(command.Id, CommandAck.Ok, null);
                ack.BootId = _bootId;
                var writer = new JsonWriter(256);
                ack.WriteTo(writer);
                _unsent.Enqueue(new Outgoing(Topics.Acks(deviceId), writer.ToArray(), null));
                if (first && command.Type == CommandTypes.Unlock && command.OrderId is not null)
                {
                    DispensedKeys[command.OrderId] = Enqueue(new DeviceEvent { Type = EventTypes.Dispensed, Slot = command.Slot, OrderId = command.OrderId, ItemId = "PB-" + command.Slot })!;
                }

                _wake.Release();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    // The head of the queue leaves only once acknowledged; a failure waits a little and tries the same message again.
    private async Task SendAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (!_unsent.TryPeek(out Outgoing? head) || !_client.IsConnected)
            {
                await _wake.WaitAsync(TimeSpan.FromMilliseconds(100), stop).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }

            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            if (await TryPublishAsync(head, stop))
            {
                _unsent.TryDequeue(out _);
                if (head.TransactionalKey is not null)
                {
                    AckedPublishStarts[head.TransactionalKey] = started;
                    AckedTransactional.Add(head.TransactionalKey);
                }
            }
            else
            {
                Interlocked.Increment(ref _refused);
                await Task.Delay(100, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<bool> TryPublishAsync(Outgoing message, CancellationToken stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            MqttClientPublishResult result = await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(message.Topic).WithPayload(message.Payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
            return result.IsSuccess;
        }
        catch (Exception)
        {
            // Any failure (the agent died mid-publish, a timeout, MQTTnet tearing the connection down) means "not
            // acknowledged": the message stays at the head of the queue.
            return false;
        }
    }

    private async Task KeepConnectedAsync(CancellationToken stop)
    {
        // Spread reconnects a little, as real devices' back-off does; a thousand still arrive within a second.
        int jitter = Random.Shared.Next(50, 250);
        while (!stop.IsCancellationRequested)
        {
            if (!_client.IsConnected)
            {
                try
                {
                    await _client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", brokerPort).WithClientId(deviceId)
                        .WithCredentials(deviceId, secret).WithCleanSession(false).WithSessionExpiryInterval(3600).WithTimeout(TimeSpan.FromSeconds(5)).Build(), stop);
                    await _client.SubscribeAsync(Topics.Commands(deviceId), MqttQualityOfServiceLevel.AtLeastOnce, stop);
                    _wake.Release();
                }
                catch (Exception)
                {
                    // The agent is down or restarting: try again shortly, unless this device is being disposed.
                    if (stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }

            await Task.Delay(jitter, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _commands.Writer.TryComplete();
        await Task.WhenAll(_loops);
        try
        {
            await _client.DisconnectAsync();
        }
        catch (Exception)
        {
            // Already gone with the agent.
        }

        _client.Dispose();
        _stop.Dispose();
    }

    private sealed record Outgoing(string Topic, byte[] Payload, string? TransactionalKey);
}
