using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MQTTnet;
using O2O.EdgeAgent.Gateway;
using O2O.EdgeAgent.Storage;

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

    private AgentFixture(TempDirectory dir, IHost host, int brokerPort)
    {
        _dir = dir;
        _host = host;
        BrokerPort = brokerPort;
    }

    public int BrokerPort { get; }

    public AgentStore Store => _host.Services.GetRequiredService<AgentStore>();

    public GatewayCounters Counters => _host.Services.GetRequiredService<GatewayCounters>();

    public DeviceRegistry Registry => _host.Services.GetRequiredService<DeviceRegistry>();

    public O2O.EdgeAgent.Orders.OrderFlow Orders => _host.Services.GetRequiredService<O2O.EdgeAgent.Orders.OrderFlow>();

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

    public static async Task<AgentFixture> StartAsync()
    {
        var dir = new TempDirectory();
        int port = FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["O2O:SiteId"] = "site-t",
            ["O2O:SiteSecret"] = "site-secret",
            ["O2O:BrokerPort"] = port.ToString(),
            ["O2O:StorePath"] = dir.File("agent.db"),
            ["O2O:CloudMqttPort"] = FreePort().ToString(),
            ["O2O:CloudHttpBaseUrl"] = $"http://127.0.0.1:{FreePort()}/",
            ["O2O:LocalApiUrl"] = "http://127.0.0.1:0",
            ["O2O:AdminToken"] = AdminToken,
            ["O2O:Devices:0:Id"] = DeviceA,
            ["O2O:Devices:0:SecretHash"] = DeviceSecretHash.Create(SecretA),
            ["O2O:Devices:1:Id"] = DeviceB,
            ["O2O:Devices:1:SecretHash"] = DeviceSecretHash.Create(SecretB),
        };
        IHost host = EdgeAgentHost.Create(settings, dir.Path);
        await host.StartAsync();
        return new AgentFixture(dir, host, port);
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
        _dir.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
