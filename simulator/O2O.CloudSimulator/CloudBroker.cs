using System.Buffers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.CloudSimulator;

/// <summary>
/// The cloud's MQTT broker. Each site agent logs in as <c>site-{siteId}</c> and may publish only its own
/// uplink and availability, and subscribe only to its own downlink.
/// </summary>
public sealed class CloudBroker(CloudSimulatorOptions options, TelemetryIngest ingest, SiteConnectivity connectivity, ILogger<CloudBroker> logger) : IHostedService
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _connectedSites = new(StringComparer.Ordinal);
    private MqttServer? _server;

    /// <summary>Whether the site's agent is connected now and not cut off by the offline switch.</summary>
    public bool IsSiteOnline(string siteId) => !connectivity.IsCutOff(siteId) && _connectedSites.ContainsKey(siteId);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = new MqttServerOptionsBuilder().WithPersistentSessions();
        if (options.TlsCertificate is null)
        {
            builder = builder.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(System.Net.IPAddress.Loopback).WithDefaultEndpointPort(options.MqttPort);
        }
        else
        {
            builder = builder.WithoutDefaultEndpoint().WithEncryptedEndpoint().WithEncryptedEndpointBoundIPAddress(System.Net.IPAddress.Loopback)
                .WithEncryptedEndpointPort(options.MqttPort).WithEncryptionCertificate(options.TlsCertificate);
            if (options.ClientCertificateAuthority is { } ca)
            {
                builder = builder.WithClientCertificate((_, certificate, _, _) => O2O.CloudContract.PrivateCertificateAuthority.Issued(ca, certificate), true);
            }
        }

        MqttServerOptions serverOptions = builder.Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += ValidateAsync;
        _server.InterceptingPublishAsync += InterceptPublishAsync;
        _server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        _server.ClientConnectedAsync += args =>
        {
            _connectedSites[SiteOf(args.ClientId)] = true;
            return Task.CompletedTask;
        };
        _server.ClientDisconnectedAsync += args =>
        {
            _connectedSites.TryRemove(SiteOf(args.ClientId), out _);
            return Task.CompletedTask;
        };
        connectivity.CutOff += siteId => _ = DisconnectSiteAsync(siteId);
        await _server.StartAsync();
        logger.LogInformation("Cloud broker listening on 127.0.0.1:{Port}", options.MqttPort);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync();
            _server.Dispose();
        }
    }

    /// <summary>Queues a downlink message for a site at QoS 1; it waits in the site's session while the agent is away.</summary>
    public Task SendToSiteAsync(string siteId, byte[] payload)
    {
        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(Topics.SiteDownlink(siteId))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        return _server!.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "cloud" });
    }

    private static string SiteOf(string clientId) => clientId.StartsWith("site-", StringComparison.Ordinal) ? clientId["site-".Length..] : "";

    private async Task DisconnectSiteAsync(string siteId)
    {
        foreach (MqttClientStatus client in await _server!.GetClientsAsync())
        {
            if (client.Id == "site-" + siteId)
            {
                await client.DisconnectAsync(new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.ServerShuttingDown });
            }
        }
    }

    private Task ValidateAsync(ValidatingConnectionEventArgs args)
    {
        string siteId = args.UserName ?? "";
        if (connectivity.IsCutOff(siteId))
        {
            args.ReasonCode = MqttConnectReasonCode.ServerUnavailable;
            return Task.CompletedTask;
        }

        bool known = options.SiteSecrets.TryGetValue(siteId, out string? secret);
        bool certificateOk = options.CertificateNamesSite(args.ClientCertificate, siteId);
        if (!known || !certificateOk || args.ClientId != "site-" + siteId || !string.Equals(args.Password, secret, StringComparison.Ordinal))
        {
            args.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            logger.LogWarning("Refused cloud-broker login for client {ClientId}", args.ClientId);
        }

        return Task.CompletedTask;
    }

    private Task InterceptPublishAsync(InterceptingPublishEventArgs args)
    {
        if (args.ClientId == "cloud" || string.IsNullOrEmpty(args.ClientId))
        {
            return Task.CompletedTask;
        }

        string topic = args.ApplicationMessage.Topic;
        string siteId = args.UserName ?? "";
        if (topic == Topics.SiteAvailability(siteId))
        {
            return Task.CompletedTask;
        }

        if (topic != Topics.SiteUplink(siteId))
        {
            args.ProcessPublish = false;
            args.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            logger.LogWarning("Refused publish by site {Site} to a foreign topic", siteId);
            return Task.CompletedTask;
        }

        // Ingest before the PUBACK goes out: an acknowledged batch is a stored batch.
        string? refusal = ingest.Accept(siteId, args.ApplicationMessage.Payload.ToArray());
        if (refusal is not null)
        {
            // A non-success PUBACK: the agent keeps the events instead of counting them delivered.
            args.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
            logger.LogWarning("Refused uplink batch from site {Site}: {Reason}", siteId, refusal);
        }

        args.ProcessPublish = false;
        return Task.CompletedTask;
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs args)
    {
        if (args.TopicFilter.Topic != Topics.SiteDownlink(args.UserName ?? ""))
        {
            args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            args.ProcessSubscription = false;
        }

        return Task.CompletedTask;
    }

    /// <summary>Encodes a grant command for the downlink.</summary>
    public static byte[] GrantCommand(string commandId, string grantToken)
    {
        var command = new SiteCommand { Id = commandId, Type = SiteCommand.Grant, Body = grantToken };
        var writer = new JsonWriter(256);
        command.WriteTo(writer);
        return writer.ToArray();
    }
}
