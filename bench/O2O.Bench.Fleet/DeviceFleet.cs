using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace O2O.Bench.Fleet;

/// <summary>
/// N devices on one broker at 127.0.0.1, each its own MQTTnet client, publishing QoS 1 events. Two load shapes:
/// saturated (every device publishes as soon as its previous event is acknowledged) and paced (1 event/s per device,
/// spread evenly over the second). Without <see cref="Reconnect"/> a dropped device sits out the rest of the run and
/// is counted; the loss runs turn it on, as real devices reconnect after their broker restarts.
/// </summary>
public sealed partial class DeviceFleet(IReadOnlyList<FleetDevice> devices, int port, int connectBatch) : IDisposable
{
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(30);
    private long _disconnects;
    private volatile bool _reconnect;
    private volatile bool _trackAcks;

    public IReadOnlyList<FleetDevice> Devices => devices;

    public int Port => port;

    /// <summary>Whether a device whose connection dropped connects again (loss runs) or sits out (throughput runs).</summary>
    public bool Reconnect { get => _reconnect; set => _reconnect = value; }

    /// <summary>Whether every acknowledged sequence number is kept per device, for the loss runs to look for at the cloud.</summary>
    public bool TrackAcks { get => _trackAcks; set => _trackAcks = value; }

    public long Disconnects => Interlocked.Read(ref _disconnects);

    public int ConnectedCount => devices.Count(d => d.Client?.IsConnected == true);

    /// <summary>Devices named bench-00000... with random secrets (or none, for an anonymous broker).</summary>
    public static List<FleetDevice> Create(int count, bool withSecrets, Func<string, string> topicOf) =>
        Enumerable.Range(0, count).Select(i =>
        {
            string id = $"bench-{i:D5}";
            string? secret = withSecrets ? Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)) : null;
            return new FleetDevice(i, id, secret, topicOf(id));
        }).ToList();

    /// <summary>
    /// The first device waits for the broker to listen (it may still be starting; <paramref name="brokerExited"/> stops
    /// the wait early), then the rest connect a batch at a time, so the broker sees no connection storm.
    /// </summary>
    public async Task<int> ConnectAllAsync(Func<bool> brokerExited, TimeSpan firstDeadline)
    {
        var deadline = Stopwatch.StartNew();
        while (!await TryConnectAsync(devices[0]))
        {
            if (brokerExited())
            {
                throw new InvalidOperationException("the broker exited at start");
            }

            if (deadline.Elapsed > firstDeadline)
            {
                throw new TimeoutException($"the broker did not accept a device within {firstDeadline.TotalSeconds:F0} s");
            }

            await Task.Delay(200);
        }

        for (int i = 1; i < devices.Count; i += connectBatch)
        {
            await Task.WhenAll(devices.Skip(i).Take(connectBatch).Select(async d =>
            {
                for (int attempt = 0; attempt < 3 && !await TryConnectAsync(d); attempt++)
                {
                    await Task.Delay(500);
                }
            }));
        }

        int connected = ConnectedCount;
        if (connected < devices.Count)
        {
            Console.Error.WriteLine($"warning: {devices.Count - connected} devices failed to connect; they sit out the run");
        }

        // From here on a disconnect is a failure of the steady state: counted.
        Interlocked.Exchange(ref _disconnects, 0);
        return connected;
    }

    public async Task<bool> TryConnectAsync(FleetDevice device)
    {
        device.Client?.Dispose();
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        device.Client = client;
        MqttClientOptionsBuilder options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(device.Id)
            .WithCleanSession()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(60))
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (device.Secret is not null)
        {
            options = options.WithCredentials(device.Id, device.Secret);
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            MqttClientConnectResult result = await client.ConnectAsync(options.Build(), timeout.Token);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                return false;
            }

            client.DisconnectedAsync += _ =>
            {
                Interlocked.Increment(ref _disconnects);
                return Task.CompletedTask;
            };
            return true;
        }
        catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or SocketException or InvalidOperationException)
        {
            return false;
        }
    }

    public async Task DisconnectAllAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Task.WhenAll(devices.Where(d => d.Client?.IsConnected == true).Select(async d =>
        {
            try
            {
                await d.Client!.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token);
            }
            catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
            {
                // The broker is stopped next anyway.
            }
        }));
    }

    /// <summary>Forgets the acknowledged sequence numbers kept so far (the next loss run starts from none).</summary>
    public void ClearAcked()
    {
        foreach (FleetDevice device in devices)
        {
            device.ClearAcked();
        }
    }

    public void Dispose()
    {
        foreach (FleetDevice device in devices)
        {
            device.Client?.Dispose();
        }
    }

    /// <summary>One event, QoS 1; true when the broker acknowledged it. Every tenth a sale, the rest heartbeats: a busy machine's mix.</summary>
    private async Task<bool> PublishAsync(FleetDevice device)
    {
        long seq = Interlocked.Increment(ref device.Sequence);
        string json = string.Create(CultureInfo.InvariantCulture, $"{{\"v\":1,\"boot\":\"b1\",\"seq\":{seq},\"ts\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},\"type\":\"{(seq % 10 == 0 ? "dispensed" : "heartbeat")}\"}}");
        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(device.Topic)
            .WithPayload(Encoding.UTF8.GetBytes(json))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            using var timeout = new CancellationTokenSource(PublishTimeout);
            MqttClientPublishResult result = await device.Client!.PublishAsync(message, timeout.Token);
            if (result.IsSuccess)
            {
                device.RecordAck(seq, _trackAcks);
            }

            return result.IsSuccess;
        }
        catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether the device can publish now. A dropped device reconnects when <see cref="Reconnect"/> is on (pausing
    /// a little after a refusal, so a restarting broker is not hammered), and otherwise is out for good.
    /// </summary>
    private async Task<bool> EnsureConnectedAsync(FleetDevice device)
    {
        if (device.Client?.IsConnected == true)
        {
            return true;
        }

        if (!_reconnect)
        {
            return false;
        }

        if (await TryConnectAsync(device))
        {
            return true;
        }

        await Task.Delay(200 + Random.Shared.Next(300));
        return false;
    }
}
