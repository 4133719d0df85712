using System.Buffers;
using System.Globalization;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

namespace O2O.Bench.Peer;

/// <summary>
/// The latest value of one of mosquitto's own $SYS counters (published every sys_interval, 10 s by default). Used to
/// check the loss the cloud side sees against the broker's own count of messages it dropped.
/// </summary>
internal sealed class BrokerStat(int port, string topic) : IDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private long _value = -1;

    /// <summary>The last value published, or -1 before the first.</summary>
    public long Value => Interlocked.Read(ref _value);

    public async Task StartAsync()
    {
        _client.ApplicationMessageReceivedAsync += args =>
        {
            if (long.TryParse(Encoding.ASCII.GetString(args.ApplicationMessage.Payload.ToArray()), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
            {
                Interlocked.Exchange(ref _value, value);
            }

            return Task.CompletedTask;
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("bench-sys-" + Guid.NewGuid().ToString("N")[..8]).Build(), timeout.Token);
        await _client.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtMostOnce, timeout.Token);
    }

    public void Dispose() => _client.Dispose();
}
