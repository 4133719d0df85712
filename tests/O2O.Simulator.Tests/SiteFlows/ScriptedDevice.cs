using System.Collections.Concurrent;
using System.Buffers;
using MQTTnet;
using MQTTnet.Protocol;
using O2O.EdgeAgent.Tests;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Simulator.Tests.SiteFlows;

/// <summary>
/// A device reduced to its protocol duties, for flow tests that must count exactly: it executes each command id
/// once (as the firmware does), answers repeats with the same ack, reports a dispense for every unlock it
/// executes, starts a session (session_started, then the ack) for every session_start it executes, and keeps
/// unacknowledged events to publish again, so it survives the agent being killed.
/// </summary>
public sealed class ScriptedDevice(string deviceId, string secret, int brokerPort) : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<byte[]> _unsent = new();
    private readonly SemaphoreSlim _publishGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private long _sequence;
    private readonly ConcurrentDictionary<string, string?> _sessionAnswers = new(StringComparer.Ordinal);
    private readonly System.Threading.Channels.Channel<DeviceCommand> _commands = System.Threading.Channels.Channel.CreateUnbounded<DeviceCommand>();
    private Task? _keeper;
    private Task? _worker;

    public string DeviceId => deviceId;

    /// <summary>Every command id this device received, with how many times each was received.</summary>
    public ConcurrentDictionary<string, int> Received { get; } = new(StringComparer.Ordinal);

    /// <summary>Unlocks (a latch moved) and session starts (a relay switched on) this device executed, once per command id.</summary>
    public ConcurrentBag<DeviceCommand> Executed { get; } = [];

    /// <summary>When set, every session_start is rejected with this reason, as the firmware does while its emergency stop is pressed.</summary>
    public string? SessionRefusal { get; set; }

    /// <summary>Whether an executed unlock ends with the customer taking the item (a dispense event).</summary>
    public bool Dispenses { get; set; } = true;

    public async Task StartAsync()
    {
        _client.ApplicationMessageReceivedAsync += OnCommandAsync;
        _keeper = KeepConnectedAsync(_stop.Token);
        _worker = ExecuteCommandsAsync(_stop.Token);
        await Eventually.HoldsAsync(() => _client.IsConnected, TimeSpan.FromSeconds(30), deviceId + " to connect");
    }

    public int ExecutionsOf(string orderId) => Executed.Count(c => c.OrderId == orderId);

    /// <summary>A customer presents an offline token or code at this device.</summary>
    public Task PresentAsync(string token, int slot, long? presentedAtMs = null) => PublishEventAsync(new DeviceEvent
    {
        BootId = "boot-1", Type = EventTypes.TokenPresented, Slot = slot, Token = token, Timestamp = presentedAtMs ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
    });

    // The receive handler only queues: publishing from inside it would wait for a PUBACK that the client cannot
    // read until the handler returns.
    private Task OnCommandAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        byte[] payload = args.ApplicationMessage.Payload.ToArray();
        if (DeviceCommand.Decode(payload, 0, payload.Length, new JsonReader(), out _, out _) is { } command)
        {
            _commands.Writer.TryWrite(command);
        }

        return Task.CompletedTask;
    }

    private async Task ExecuteCommandsAsync(CancellationToken stop)
    {
        try
        {
            await foreach (DeviceCommand command in _commands.Reader.ReadAllAsync(stop))
            {
                await ExecuteAsync(command);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private async Task ExecuteAsync(DeviceCommand command)
    {
        bool first = Received.AddOrUpdate(command.Id, 1, (_, n) => n + 1) == 1;
        if (command.Type == CommandTypes.SessionStart)
        {
            await StartSessionAsync(command, first);
            return;
        }

        if (first && command.Type == CommandTypes.Unlock)
        {
            Executed.Add(command);
        }

        CommandAck ack = CommandAck.Create(command.Id, CommandAck.Ok, null);
        ack.BootId = "boot-1";
        await PublishAsync(Topics.Acks(deviceId), Encode(ack));
        if (first && command.Type == CommandTypes.Unlock && command.OrderId is not null && Dispenses)
        {
            await PublishEventAsync(new DeviceEvent { BootId = "boot-1", Type = EventTypes.Dispensed, Slot = command.Slot, OrderId = command.OrderId, ItemId = "PB-" + command.Slot });
        }
    }

    // Like the firmware: a refused start is answered "rejected" with the reason; a started one publishes session_started
    // and then acks ok. A repeat is answered with the first answer and starts nothing.
    private async Task StartSessionAsync(DeviceCommand command, bool first)
    {
        string? refusal = first ? SessionRefusal : _sessionAnswers.GetValueOrDefault(command.Id);
        _sessionAnswers.TryAdd(command.Id, refusal);
        if (first && refusal is null)
        {
            Executed.Add(command);
            await PublishEventAsync(new DeviceEvent { BootId = "boot-1", Type = EventTypes.SessionStarted, OrderId = command.OrderId, Value = command.Minutes });
        }

        CommandAck ack = CommandAck.Create(command.Id, refusal is null ? CommandAck.Ok : CommandAck.Rejected, refusal);
        ack.BootId = "boot-1";
        await PublishAsync(Topics.Acks(deviceId), Encode(ack));
    }

    private Task PublishEventAsync(DeviceEvent evt)
    {
        evt.Sequence = Interlocked.Increment(ref _sequence);
        var writer = new JsonWriter(1024);
        evt.WriteTo(writer);
        _unsent.Enqueue(writer.ToArray());
        return FlushAsync();
    }

    // Events leave in order and only leave the queue once the broker acknowledged them, like the firmware's event log.
    private async Task FlushAsync()
    {
        await _publishGate.WaitAsync();
        try
        {
            while (_unsent.TryPeek(out byte[]? payload))
            {
                if (!await PublishAsync(Topics.Events(deviceId), payload))
                {
                    return;
                }

                _unsent.TryDequeue(out _);
            }
        }
        finally
        {
            _publishGate.Release();
        }
    }

    private async Task<bool> PublishAsync(string topic, byte[] payload)
    {
        try
        {
            MqttClientPublishResult result = await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            return result.IsSuccess;
        }
        catch (Exception)
        {
            // Any failure (the agent died mid-publish; MQTTnet may even throw NullReferenceException while its
            // connection is torn down) means "not acknowledged": events stay queued, acks are asked for again.
            return false;
        }
    }

    private async Task KeepConnectedAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (!_client.IsConnected)
            {
                try
                {
                    await _client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", brokerPort).WithClientId(deviceId)
                        .WithCredentials(deviceId, secret).WithCleanSession(false).WithSessionExpiryInterval(3600).WithTimeout(TimeSpan.FromSeconds(2)).Build(), stop);
                    await _client.SubscribeAsync(Topics.Commands(deviceId), MqttQualityOfServiceLevel.AtLeastOnce, stop);
                    await FlushAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    // The agent is down or restarting; try again shortly.
                }
            }

            await Task.Delay(100, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static byte[] Encode(CommandAck ack)
    {
        var writer = new JsonWriter(256);
        ack.WriteTo(writer);
        return writer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_keeper is not null)
        {
            await _keeper;
        }

        if (_worker is not null)
        {
            await _worker;
        }

        _client.Dispose();
        _stop.Dispose();
    }
}
