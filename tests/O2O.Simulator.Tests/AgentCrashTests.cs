using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using O2O.CloudSimulator;
using O2O.EdgeAgent.Tests;
using O2O.EdgeAgent.Gateway;
using O2O.LoopbackPorts;
using O2O.Protocol;
using O2O.Simulator.Stack;

namespace O2O.Simulator.Tests;

/// <summary>
/// kill -9 under load. The agent runs as its own process on a real SQLite file; devices publish events at
/// QoS 1 and remember which ones the broker acknowledged; the agent is killed with SIGKILL mid-stream and
/// started again on the same file. Every acknowledged event must reach the cloud, exactly once after its dedupe.
/// </summary>
public sealed class AgentCrashTests : IAsyncLifetime
{
    private const string SiteId = "site-k";
    private const int Devices = 10;
    private readonly string _dir = Directory.CreateTempSubdirectory("o2o-crash-").FullName;
    private readonly string _siteSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly Dictionary<string, string> _secrets = Enumerable.Range(0, Devices).ToDictionary(i => $"dev-{i:D2}", _ => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)));
    private readonly int _brokerPort = FreePort.Next();
    private CloudSimulatorOptions _cloudOptions = null!;
    private Microsoft.AspNetCore.Builder.WebApplication _cloud = null!;
    private string _cloudUrl = "";

    public async Task InitializeAsync()
    {
        _cloudOptions = new CloudSimulatorOptions { HttpPort = FreePort.Next(), MqttPort = FreePort.Next() };
        _cloudOptions.SiteSecrets[SiteId] = _siteSecret;
        _cloud = CloudSimulatorApp.Create(_cloudOptions, logging => logging.ClearProviders());
        await _cloud.StartAsync();
        _cloudUrl = $"http://127.0.0.1:{_cloudOptions.HttpPort}/";
    }

    public async Task DisposeAsync()
    {
        await _cloud.StopAsync();
        await _cloud.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Every_acknowledged_event_reaches_the_cloud_after_repeated_kill_9()
    {
        var acknowledged = new ConcurrentDictionary<string, bool>();
        var sequences = new int[Devices];
        for (int round = 0; round < 3; round++)
        {
            using Process agent = StartAgent();
            try
            {
                List<IMqttClient> clients = await ConnectAllAsync(agent);
                using var load = new CancellationTokenSource();
                Task[] publishers = clients.Select((client, i) => PublishUntilCancelledAsync(client, i, sequences, acknowledged, load.Token)).ToArray();

                // Let a few hundred events through, then pull the plug while they are still flowing.
                await Eventually.HoldsAsync(() => acknowledged.Count >= (round + 1) * 200, TimeSpan.FromSeconds(30), "load to build up");
                agent.Kill(entireProcessTree: true);
                load.Cancel();
                await Task.WhenAll(publishers);
                foreach (IMqttClient client in clients)
                {
                    client.Dispose();
                }
            }
            finally
            {
                if (!agent.HasExited)
                {
                    agent.Kill(entireProcessTree: true);
                }

                agent.WaitForExit();
            }
        }

        // A last start with no load: the backlog drains to the cloud.
        using Process final = StartAgent();
        try
        {
            TelemetryIngest ingest = _cloud.Services.GetRequiredService<TelemetryIngest>();
            await Eventually.HoldsAsync(() => ReceivedKeys(ingest).IsSupersetOf(acknowledged.Keys), TimeSpan.FromSeconds(60), "every acknowledged event to reach the cloud");

            // Nothing arrives that a device did not publish: at most each device's one unacknowledged attempt beyond what was acknowledged.
            foreach (DeviceEvent evt in ingest.Events)
            {
                int device = int.Parse(evt.DeviceId!["dev-".Length..]);
                Assert.True(evt.Sequence <= sequences[device] + 1, $"{Key(evt)} was never published");
            }

            Assert.True(acknowledged.Count >= 600, $"only {acknowledged.Count} events were acknowledged");
        }
        finally
        {
            final.Kill(entireProcessTree: true);
            final.WaitForExit();
        }
    }

    private static HashSet<string> ReceivedKeys(TelemetryIngest ingest) => ingest.Events.Select(Key).ToHashSet();

    private static string Key(DeviceEvent evt) => $"{evt.DeviceId}/{evt.Sequence}";

    // Each device publishes its next sequence number and counts it only once the broker has acknowledged it.
    private static async Task PublishUntilCancelledAsync(IMqttClient client, int device, int[] sequences, ConcurrentDictionary<string, bool> acknowledged, CancellationToken stop)
    {
        string deviceId = $"dev-{device:D2}";
        while (!stop.IsCancellationRequested)
        {
            int seq = sequences[device] + 1;
            string json = $"{{\"v\":1,\"boot\":\"b1\",\"seq\":{seq},\"ts\":0,\"type\":\"{(seq % 5 == 0 ? "dispensed" : "heartbeat")}\"}}";
            try
            {
                MqttClientPublishResult result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(Topics.Events(deviceId))
                    .WithPayload(Encoding.UTF8.GetBytes(json)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), stop);
                if (!result.IsSuccess)
                {
                    return;
                }
            }
            catch (Exception)
            {
                // The agent died mid-publish: this event was never acknowledged, so it is not counted.
                return;
            }

            sequences[device] = seq;
            acknowledged[$"{deviceId}/{seq}"] = true;
        }
    }

    private async Task<List<IMqttClient>> ConnectAllAsync(Process agent)
    {
        var clients = new List<IMqttClient>();
        foreach ((string deviceId, string secret) in _secrets)
        {
            IMqttClient client = new MqttClientFactory().CreateMqttClient();
            MqttClientOptions options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _brokerPort)
                .WithClientId(deviceId).WithCredentials(deviceId, secret).WithTimeout(TimeSpan.FromSeconds(5)).Build();
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                if (agent.HasExited)
                {
                    Assert.Fail("the agent process exited: " + await agent.StandardError.ReadToEndAsync());
                }

                try
                {
                    if ((await client.ConnectAsync(options)).ResultCode == MqttClientConnectResultCode.Success)
                    {
                        break;
                    }
                }
                catch (Exception) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
                {
                    // The agent is still starting: its broker is not listening yet.
                }

                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"timed out waiting for {deviceId} to connect");
                await Task.Delay(100);
            }
            clients.Add(client);
        }

        return clients;
    }

    private Process StartAgent()
    {
        var settings = new Dictionary<string, string>
        {
            ["O2O:SiteId"] = SiteId,
            ["O2O:SiteSecret"] = _siteSecret,
            ["O2O:BrokerPort"] = _brokerPort.ToString(),
            ["O2O:StorePath"] = Path.Combine(_dir, "agent.db"),
            ["O2O:CloudMqttPort"] = _cloudOptions.MqttPort.ToString(),
            ["O2O:CloudHttpBaseUrl"] = _cloudUrl,
            ["O2O:LocalApiUrl"] = "",
            ["O2O:UploadIntervalMilliseconds"] = "50",
            ["O2O:MaxBatchAgeMilliseconds"] = "100",
        };
        AgentProcess.AddDevices(settings, _secrets);
        return AgentProcess.Start(settings);
    }
}
