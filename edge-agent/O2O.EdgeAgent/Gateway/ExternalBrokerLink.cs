using System.Buffers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using O2O.Protocol;

namespace O2O.EdgeAgent.Gateway;

/// <summary>
/// The device gateway when devices connect to an external broker (Debian's mosquitto) instead of the
/// embedded one. The broker authenticates devices (its password file) and enforces each device's topics
/// (its ACL file, with <c>use_username_as_clientid</c>); see docs/external-broker.md. The agent subscribes to
/// every device's upstream topics with a persistent session at QoS 1 and acknowledges a message only after
/// the router has handled it, so the broker (with persistence on) keeps anything the agent has not stored.
/// </summary>
public sealed class ExternalBrokerLink(
    IOptions<EdgeAgentOptions> options,
    DeviceMessageRouter router,
    GatewayCounters counters,
    TimeProvider time,
    ILogger<ExternalBrokerLink> logger) : BackgroundService, IDeviceCommandSender
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    public bool IsConnected => _client.IsConnected;

    /// <summary>True once connected and subscribed to the devices' topics (false again while disconnected).</summary>
    public bool IsReceiving => _client.IsConnected && _subscribed;

    private volatile bool _subscribed;
    private int _failedConnects;
    private int _messagesInHandler;

    /// <summary>Connect attempts that failed or were refused since start (a broker away, or the client still tearing down).</summary>
    public int FailedConnects => Volatile.Read(ref _failedConnects);

    /// <summary>Device messages being handled right now (each waits for its group commit before MQTTnet acknowledges it).</summary>
    public int MessagesInHandler => Volatile.Read(ref _messagesInHandler);

    public async Task SendAsync(string deviceId, byte[] payload, CancellationToken cancellationToken)
    {
        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Commands(deviceId))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        // Unsent commands are re-sent by the order flow's retry pass, so a refusal here only needs saying. The broker
        // can go between the check and the publish (a restart): that is a refusal too, not an error for the caller,
        // which has already committed the command and would otherwise fail the device message it was handling.
        try
        {
            if (_client.IsConnected && (await _client.PublishAsync(message, cancellationToken)).IsSuccess)
            {
                return;
            }
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogDebug("Command publish to {Device} failed: {Reason}", deviceId, e.Message);
        }

        logger.LogWarning("Command to {Device} not accepted by the external broker; the retry pass will send it again", deviceId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        EdgeAgentOptions settings = options.Value;
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        var jitter = new Random();
        int backoffMs = 250;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!_client.IsConnected)
            {
                _subscribed = false;
                try
                {
                    MqttClientConnectResult result = await _client.ConnectAsync(new MqttClientOptionsBuilder()
                        .WithTcpServer(settings.ExternalBrokerHost, settings.ExternalBrokerPort)
                        .WithClientId(settings.ExternalBrokerUser)
                        .WithCredentials(settings.ExternalBrokerUser, settings.ExternalBrokerPassword)
                        .WithCleanSession(false)
                        .WithSessionExpiryInterval(7 * 24 * 3600)
                        .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
                        .WithTimeout(TimeSpan.FromSeconds(5))
                        .Build(), stoppingToken);
                    if (result.ResultCode == MqttClientConnectResultCode.Success)
                    {
                        await _client.SubscribeAsync(Topics.AllDevices, MqttQualityOfServiceLevel.AtLeastOnce, stoppingToken);
                        _subscribed = true;
                        logger.LogInformation("Connected to the external device broker at {Host}:{Port}", settings.ExternalBrokerHost, settings.ExternalBrokerPort);
                        backoffMs = 250;
                    }
                    else
                    {
                        Interlocked.Increment(ref _failedConnects);
                        logger.LogWarning("External device broker refused the agent: {Code}", result.ResultCode);
                    }
                }
                // InvalidOperationException: MQTTnet is still tearing down the lost connection ("connect/disconnect is
                // pending"), which lasts as long as a message handler still runs (a group commit). Try again after the
                // back-off; letting it out would stop the host, and the agent with it.
                catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or OperationCanceledException
                    && !stoppingToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _failedConnects);
                    logger.LogWarning("External device broker unreachable: {Reason}", e.Message);
                }

                if (!_client.IsConnected)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(jitter.Next(backoffMs)), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                    backoffMs = Math.Min(backoffMs * 2, 30_000);
                    continue;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }
    }

    // MQTTnet acknowledges the message when this returns: only after the event is committed.
    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        string topic = args.ApplicationMessage.Topic;
        if (!Topics.TryParseDeviceTopic(topic, out string? deviceId, out DeviceChannel channel) || channel == DeviceChannel.Commands)
        {
            // Our own commands come back on the wildcard; anything else unparsable means the broker's ACL let it through.
            if (channel != DeviceChannel.Commands)
            {
                counters.AclViolations.Increment();
            }

            return;
        }

        Interlocked.Increment(ref _messagesInHandler);
        try
        {
            await router.HandleAsync(deviceId!, channel, args.ApplicationMessage.Payload.ToArray(), CancellationToken.None);
        }
        finally
        {
            Interlocked.Decrement(ref _messagesInHandler);
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }
}
