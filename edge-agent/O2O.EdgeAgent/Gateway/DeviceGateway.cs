using System.Buffers;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using O2O.Protocol;

namespace O2O.EdgeAgent.Gateway;

/// <summary>
/// The devices' MQTT broker, embedded (MQTTnet.Server). A device logs in with client id = user name =
/// its id, and its secret; it may publish only under its own topics and subscribe only to its own
/// command topic. Everything a device publishes is decoded and handled before the broker acknowledges it.
/// </summary>
public sealed class DeviceGateway(
    IOptions<EdgeAgentOptions> options,
    DeviceMessageRouter router,
    GatewayCounters counters,
    ILogger<DeviceGateway> logger) : IHostedService, IDeviceCommandSender, IAsyncDisposable
{
    /// <summary>Client id the agent uses for messages it injects; no device can have it ('$' is not allowed in ids).</summary>
    public const string AgentClientId = "$agent";

    private readonly Dictionary<string, string> _secretHashes = options.Value.Devices.ToDictionary(d => d.Id, d => d.SecretHash, StringComparer.Ordinal);
    private MqttServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        EdgeAgentOptions settings = options.Value;
        var builder = new MqttServerOptionsBuilder().WithPersistentSessions();
        builder = settings.BrokerPlainTcp
            ? builder.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Parse(settings.BrokerAddress)).WithDefaultEndpointPort(settings.BrokerPort)
            : builder.WithoutDefaultEndpoint();
        if (settings.BrokerTlsPort > 0)
        {
            var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                settings.BrokerCertificatePath, settings.BrokerCertificatePassword);
            builder = builder.WithEncryptedEndpoint()
                .WithEncryptedEndpointBoundIPAddress(IPAddress.Parse(settings.BrokerAddress))
                .WithEncryptedEndpointPort(settings.BrokerTlsPort)
                .WithEncryptionCertificate(certificate)
                .WithEncryptionSslProtocol(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13);
        }

        MqttServerOptions serverOptions = builder.Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += ValidateConnectionAsync;
        _server.InterceptingPublishAsync += InterceptPublishAsync;
        _server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        _server.ClientDisconnectedAsync += args => router.OnDisconnectedAsync(args.ClientId);
        await _server.StartAsync();
        logger.LogInformation("Device broker listening on {Address}:{Port} for {Count} devices", settings.BrokerAddress, settings.BrokerPort, _secretHashes.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync();
        }
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    public Task SendAsync(string deviceId, byte[] payload, CancellationToken cancellationToken)
    {
        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Commands(deviceId))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        MqttServer server = _server ?? throw new InvalidOperationException("the device broker is not running");
        return server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = AgentClientId }, cancellationToken);
    }

    private Task ValidateConnectionAsync(ValidatingConnectionEventArgs args)
    {
        string clientId = args.ClientId ?? "";
        bool valid = Topics.IsValidId(clientId)
            && string.Equals(args.UserName, clientId, StringComparison.Ordinal)
            && _secretHashes.TryGetValue(clientId, out string? hash)
            && DeviceSecretHash.Verify(args.Password ?? "", hash);
        if (!valid)
        {
            args.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            counters.AuthFailures.Increment();
            // The client id is attacker-controlled: log it only once it is known to be a well-formed id.
            logger.LogWarning("Refused device login from {Endpoint} (client id {ClientId})", args.RemoteEndPoint, Topics.IsValidId(clientId) ? clientId : "<invalid>");
        }

        return Task.CompletedTask;
    }

    private async Task InterceptPublishAsync(InterceptingPublishEventArgs args)
    {
        if (args.ClientId == AgentClientId)
        {
            return;
        }

        string topic = args.ApplicationMessage.Topic;
        if (!Topics.TryParseDeviceTopic(topic, out string? deviceId, out DeviceChannel channel)
            || deviceId != args.ClientId
            || channel == DeviceChannel.Commands)
        {
            args.ProcessPublish = false;
            args.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            counters.AclViolations.Increment();
            logger.LogWarning("Refused publish by device {Device} outside its own topics", args.ClientId);
            return;
        }

        byte[] payload = args.ApplicationMessage.Payload.ToArray();
        // Decoding and storing happen here, before the broker sends the PUBACK. A refused payload is still
        // acknowledged (resending it cannot help), but MQTT 5 clients learn why from the reason code.
        RouteResult result = await router.HandleAsync(deviceId, channel, payload, args.CancellationToken);
        args.ProcessPublish = result == RouteResult.Deliver;
        args.Response.ReasonCode = result == RouteResult.Refuse ? MqttPubAckReasonCode.PayloadFormatInvalid : MqttPubAckReasonCode.Success;
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs args)
    {
        if (args.TopicFilter.Topic != Topics.Commands(args.ClientId))
        {
            args.ProcessSubscription = false;
            args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            counters.AclViolations.Increment();
            logger.LogWarning("Refused subscription by device {Device} to a topic not its own", args.ClientId);
        }

        return Task.CompletedTask;
    }
}
