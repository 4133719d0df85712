using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using O2O.CloudSimulator;
using O2O.EdgeAgent;
using O2O.EdgeAgent.Tests;
using O2O.EdgeAgent.Gateway;
using O2O.EdgeAgent.Storage;
using O2O.LoopbackPorts;
using O2O.Protocol;
using O2O.Simulator.Stack;

namespace O2O.Simulator.Tests;

/// <summary>
/// The cloud goes away while devices keep publishing. The store stays under its cap by shedding heartbeats,
/// no sale is lost, and when the cloud comes back every transactional event arrives, each device's in order.
/// </summary>
public sealed class CloudOutageTests : IAsyncLifetime
{
    private const string SiteId = "site-o";
    private const int Devices = 4;
    private readonly string _dir = Directory.CreateTempSubdirectory("o2o-outage-").FullName;
    private readonly string _siteSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly CloudSimulatorOptions _cloudOptions = new() { HttpPort = FreePort.Next(), MqttPort = FreePort.Next() };
    private readonly int _brokerPort = FreePort.Next();
    private WebApplication _cloud = null!;
    private IHost _agent = null!;

    public async Task InitializeAsync()
    {
        _cloudOptions.SiteSecrets[SiteId] = _siteSecret;
        _cloud = await StartCloudAsync();
        var settings = new Dictionary<string, string?>
        {
            ["O2O:SiteId"] = SiteId,
            ["O2O:SiteSecret"] = _siteSecret,
            ["O2O:BrokerPort"] = _brokerPort.ToString(),
            ["O2O:StorePath"] = Path.Combine(_dir, "agent.db"),
            ["O2O:CloudMqttPort"] = _cloudOptions.MqttPort.ToString(),
            ["O2O:CloudHttpBaseUrl"] = $"http://127.0.0.1:{_cloudOptions.HttpPort}/",
            ["O2O:LocalApiUrl"] = "",
            ["O2O:UploadIntervalMilliseconds"] = "50",
            ["O2O:MaxBatchAgeMilliseconds"] = "50",
            ["O2O:StoreMaxBytes"] = (256 * 1024).ToString(),
        };
        for (int i = 0; i < Devices; i++)
        {
            settings[$"O2O:Devices:{i}:Id"] = $"dev-{i}";
            settings[$"O2O:Devices:{i}:SecretHash"] = DeviceSecretHash.Create("secret-" + i, 1000);
        }

        _agent = EdgeAgentHost.Create(settings, _dir, logging => logging.ClearProviders());
        await _agent.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _agent.StopAsync();
        _agent.Dispose();
        await _cloud.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task During_an_outage_the_cap_holds_heartbeats_go_first_and_every_sale_arrives_in_order_afterwards()
    {
        List<IMqttClient> devices = await ConnectDevicesAsync();
        await _cloud.StopAsync();
        await _cloud.DisposeAsync();

        // While the cloud is away: mostly heartbeats with padding, a sale every tenth event.
        var sales = new Dictionary<string, List<long>>();
        for (int seq = 1; seq <= 400; seq++)
        {
            for (int d = 0; d < Devices; d++)
            {
                bool sale = seq % 10 == 0;
                string type = sale ? EventTypes.Dispensed : EventTypes.Heartbeat;
                string json = $"{{\"v\":1,\"boot\":\"b1\",\"seq\":{seq},\"ts\":0,\"type\":\"{type}\",\"code\":\"{new string('x', 60)}\"}}";
                await devices[d].PublishAsync(new MqttApplicationMessageBuilder().WithTopic(Topics.Events($"dev-{d}"))
                    .WithPayload(Encoding.UTF8.GetBytes(json)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
                if (sale)
                {
                    (sales.TryGetValue($"dev-{d}", out List<long>? list) ? list : sales[$"dev-{d}"] = []).Add(seq);
                }
            }
        }

        AgentStore store = _agent.Services.GetRequiredService<AgentStore>();
        StoreCapacityGuard guard = _agent.Services.GetRequiredService<StoreCapacityGuard>();
        guard.Enforce();
        Assert.True(store.UsedBytes() <= 256 * 1024, $"store at {store.UsedBytes()} bytes, over its cap");
        Assert.True(guard.Evicted > 0, "nothing had to be evicted: the outage did not fill the store");

        _cloud = await StartCloudAsync();
        TelemetryIngest ingest = _cloud.Services.GetRequiredService<TelemetryIngest>();
        int expected = sales.Values.Sum(list => list.Count);
        await Eventually.HoldsAsync(() => ingest.Events.Count(e => e.Type == EventTypes.Dispensed) >= expected, TimeSpan.FromSeconds(60), "the sales to all reach the cloud after it came back");

        foreach ((string device, List<long> sent) in sales)
        {
            Assert.Equal(sent, ingest.Events.Where(e => e.DeviceId == device && e.Type == EventTypes.Dispensed).Select(e => e.Sequence));
        }

        foreach (IMqttClient device in devices)
        {
            device.Dispose();
        }
    }

    private async Task<WebApplication> StartCloudAsync()
    {
        WebApplication cloud = CloudSimulatorApp.Create(_cloudOptions, logging => logging.ClearProviders());
        await cloud.StartAsync();
        return cloud;
    }

    private async Task<List<IMqttClient>> ConnectDevicesAsync()
    {
        var clients = new List<IMqttClient>();
        for (int d = 0; d < Devices; d++)
        {
            IMqttClient client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _brokerPort)
                .WithClientId($"dev-{d}").WithCredentials($"dev-{d}", "secret-" + d).Build());
            clients.Add(client);
        }

        return clients;
    }
}
