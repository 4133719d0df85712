using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MQTTnet;
using O2O.EdgeAgent.Gateway;
using O2O.EdgeAgent.Storage;
using O2O.LoopbackPorts;

namespace O2O.EdgeAgent.Tests;

/// <summary>
/// A real agent host on loopback with a real SQLite file and two registered devices. No cloud runs: the
/// cloud link keeps retrying in the background, which the gateway must not care about.
/// </summary>
internal sealed class AgentFixture : IAsyncDisposable
{
    public const string DeviceA = "cab-001";
    public const string DeviceB = "cab-002";
    public const string SecretA = "secret-a-0123456789";
    public const string SecretB = "secret-b-0123456789";
    public const string AdminToken = "admin-token-0123456789abcdef";

    private readonly TempDirectory _dir;
    private readonly IHost _host;
    private readonly MosquittoBroker? _mosquitto;

    private AgentFixture(TempDirectory dir, IHost host, int brokerPort, MosquittoBroker? mosquitto)
    {
        _dir = dir;
        _host = host;
        _mosquitto = mosquitto;
        BrokerPort = brokerPort;
    }

    /// <summary>Where devices connect: the agent's embedded broker, or mosquitto in external mode.</summary>
    public int BrokerPort { get; }

    public bool External => _mosquitto is not null;

    /// <summary>The devices' mosquitto in external mode (to stop and start it), else null.</summary>
    public MosquittoBroker? Mosquitto => _mosquitto;

    /// <summary>The agent's SQLite file.</summary>
    public string StorePath => _dir.File("agent.db");

    public IHostApplicationLifetime Lifetime => _host.Services.GetRequiredService<IHostApplicationLifetime>();

    public T Service<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public AgentStore Store => _host.Services.GetRequiredService<AgentStore>();

    public GatewayCounters Counters => _host.Services.GetRequiredService<GatewayCounters>();

    public DeviceTraffic Traffic => _host.Services.GetRequiredService<DeviceTraffic>();

    public DeviceRegistry Registry => _host.Services.GetRequiredService<DeviceRegistry>();

    public O2O.EdgeAgent.Orders.OrderFlow Orders => _host.Services.GetRequiredService<O2O.EdgeAgent.Orders.OrderFlow>();

    public O2O.EdgeAgent.Orders.OrderOutcomes Outcomes => _host.Services.GetRequiredService<O2O.EdgeAgent.Orders.OrderOutcomes>();

    public IDeviceCommandSender CommandSender => _host.Services.GetRequiredService<IDeviceCommandSender>();

    /// <summary>The local API's bound address (its port is chosen by the OS).</summary>
    public string ApiUrl => _host.Services.GetRequiredService<O2O.EdgeAgent.Api.LocalApi>().Address!;

    /// <summary>Device A, connected with its own credentials.</summary>
    public Task<IMqttClient> ConnectDeviceAsync() => ConnectAsync(DeviceA, DeviceA, SecretA);

    public static MqttApplicationMessage Message(string topic, byte[] payload, bool retain = false) => new MqttApplicationMessageBuilder()
        .WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build();

    /// <summary>An HTTP client for the local API; with the admin token unless told otherwise.</summary>
    public HttpClient Api(bool withToken = true)
    {
        var client = new HttpClient { BaseAddress = new Uri(_host.Services.GetRequiredService<O2O.EdgeAgent.Api.LocalApi>().Address! + "/") };
        if (withToken)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        }

        return client;
    }

    public static async Task<AgentFixture> StartAsync(bool externalBroker = false)
    {
        var dir = new TempDirectory();
        int port = FreePort.Next();
        MosquittoBroker? mosquitto = externalBroker
            ? await MosquittoBroker.StartAsync(port, new Dictionary<string, string> { [DeviceA] = SecretA, [DeviceB] = SecretB })
            : null;
        var settings = new Dictionary<string, string?>
        {
            ["O2O:SiteId"] = "site-t",
            ["O2O:SiteSecret"] = "site-secret",
            ["O2O:BrokerPort"] = port.ToString(),
            ["O2O:StorePath"] = dir.File("agent.db"),
            ["O2O:CloudMqttPort"] = FreePort.Next().ToString(),
            ["O2O:CloudHttpBaseUrl"] = $"http://127.0.0.1:{FreePort.Next()}/",
            ["O2O:LocalApiUrl"] = "http://127.0.0.1:0",
            ["O2O:AdminToken"] = AdminToken,
            ["O2O:Devices:0:Id"] = DeviceA,
            ["O2O:Devices:0:SecretHash"] = DeviceSecretHash.Create(SecretA),
            ["O2O:Devices:1:Id"] = DeviceB,
            ["O2O:Devices:1:SecretHash"] = DeviceSecretHash.Create(SecretB),
        };
        if (externalBroker)
        {
            settings["O2O:BrokerMode"] = "external";
            settings["O2O:ExternalBrokerPort"] = port.ToString();
            settings["O2O:ExternalBrokerPassword"] = MosquittoBroker.AgentPassword;
        }

        IHost host = EdgeAgentHost.Create(settings, dir.Path);
        await host.StartAsync();
        var fixture = new AgentFixture(dir, host, port, mosquitto);
        if (externalBroker)
        {
            // The agent connects to mosquitto in the background; wait until its subscription is in place.
            await Eventually.HoldsAsync(() => host.Services.GetRequiredService<ExternalBrokerLink>().IsReceiving, TimeSpan.FromSeconds(15), "the agent to subscribe on mosquitto");
        }

        return fixture;
    }

    /// <summary>A connected MQTT client; throws if the broker refuses it.</summary>
    public async Task<IMqttClient> ConnectAsync(string clientId, string user, string password)
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        MqttClientConnectResult result = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", BrokerPort).WithClientId(clientId).WithCredentials(user, password).WithTimeout(TimeSpan.FromSeconds(5)).Build());
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException(result.ResultCode.ToString());
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (_mosquitto is not null)
        {
            await _mosquitto.DisposeAsync();
        }

        _dir.Dispose();
    }

}
