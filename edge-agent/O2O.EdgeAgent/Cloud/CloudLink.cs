using System.Buffers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.EdgeAgent.Cloud;

/// <summary>
/// The site's MQTT connection to the cloud: uplink batches out, downlink commands in. A persistent
/// session keeps downlink messages queued at the cloud while the site is away; the last will marks the
/// site offline; reconnects back off exponentially with jitter so a fleet does not stampede the cloud.
/// </summary>
public sealed class CloudLink(IOptions<EdgeAgentOptions> options, TimeProvider time, ILogger<CloudLink> logger) : BackgroundService, IUplink
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly string _bootId = Guid.NewGuid().ToString("N")[..8];

    /// <summary>Raised for each decoded downlink command. Runs before the PUBACK, so a crash means redelivery.</summary>
    public event Func<SiteCommand, Task>? CommandReceived;

    public bool IsConnected => _client.IsConnected;

    /// <summary>Publishes at QoS 1; true once the cloud broker acknowledged it.</summary>
    public async Task<bool> PublishUplinkAsync(byte[] payload, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return false;
        }

        try
        {
            MqttApplicationMessage message = new MqttApplicationMessageBuilder()
                .WithTopic(Topics.SiteUplink(options.Value.SiteId))
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            MqttClientPublishResult result = await _client.PublishAsync(message, cancellationToken);
            return result.IsSuccess;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            logger.LogWarning("Uplink publish failed: {Reason}", e.Message);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        EdgeAgentOptions settings = options.Value;
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        var jitter = new Random();
        TimeSpan backoff = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!_client.IsConnected)
            {
                if (await TryConnectAsync(settings, stoppingToken))
                {
                    backoff = TimeSpan.FromMilliseconds(250);
                }
                else
                {
                    // Full jitter: wait a random time up to the current back-off, which doubles up to 30 s.
                    TimeSpan wait = TimeSpan.FromMilliseconds(jitter.NextDouble() * backoff.TotalMilliseconds);
                    backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 30_000));
                    await Task.Delay(wait, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
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

    private async Task<bool> TryConnectAsync(EdgeAgentOptions settings, CancellationToken stoppingToken)
    {
        var writer = new JsonWriter(64);
        Availability.Write(writer, Availability.Offline, _bootId);
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
            .WithTcpServer(settings.CloudMqttHost, settings.CloudMqttPort);
        if (settings.CloudTls)
        {
            builder = builder.WithTlsOptions(CloudTls.Configure(settings));
        }

        MqttClientOptions clientOptions = builder
            .WithClientId("site-" + settings.SiteId)
            .WithCredentials(settings.SiteId, settings.SiteSecret)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithWillTopic(Topics.SiteAvailability(settings.SiteId))
            .WithWillPayload(writer.ToArray())
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();
        try
        {
            MqttClientConnectResult result = await _client.ConnectAsync(clientOptions, stoppingToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                logger.LogWarning("Cloud broker refused the site: {Code}", result.ResultCode);
                return false;
            }

            await _client.SubscribeAsync(Topics.SiteDownlink(settings.SiteId), MqttQualityOfServiceLevel.AtLeastOnce, stoppingToken);
            writer.Reset();
            Availability.Write(writer, Availability.Online, _bootId);
            await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(Topics.SiteAvailability(settings.SiteId))
                .WithPayload(writer.ToArray()).WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), stoppingToken);
            logger.LogInformation("Connected to the cloud broker at {Host}:{Port}", settings.CloudMqttHost, settings.CloudMqttPort);
            return true;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Cloud broker unreachable: {Reason}", e.Message);
            return false;
        }
        catch (InvalidOperationException e)
        {
            // MQTTnet refuses a connect while the client is still tearing down the connection the cloud just dropped
            // ("connect/disconnect is pending"). Found by the benchmark's outage phase: before this catch it ended the
            // agent's host. It is transient; the next attempt after the back-off goes through.
            logger.LogWarning("Cloud link still closing the previous connection: {Reason}", e.Message);
            return false;
        }
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        byte[] payload = args.ApplicationMessage.Payload.ToArray();
        SiteCommand? command = SiteCommand.Decode(payload, 0, payload.Length, new JsonReader(), out DecodeError? error);
        if (command is null)
        {
            logger.LogWarning("Refused downlink message: {Reason}", error!.ToString());
            return;
        }

        if (CommandReceived is { } handler)
        {
            await handler(command);
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }
}
