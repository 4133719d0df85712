using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;
using O2O.CloudSimulator;
using O2O.EdgeAgent;
using O2O.EdgeAgent.Tests;
using O2O.EdgeAgent.Cloud;
using O2O.EdgeAgent.Gateway;
using O2O.EdgeAgent.Storage;
using O2O.LoopbackPorts;
using O2O.Protocol;
using O2O.Simulator.Stack;

namespace O2O.Simulator.Tests;

/// <summary>
/// TLS on both of the agent's links, with certificates from a test CA: devices reach the embedded broker's TLS
/// endpoint, and the agent reaches a cloud broker and HTTPS API that demand the site's client certificate
/// (mutual TLS). Telemetry here takes the HTTPS uplink; the MQTT uplink is what every other agent test uses.
/// </summary>
public sealed class TlsTests : IAsyncLifetime
{
    private const string SiteId = "site-t";
    private readonly string _dir = Directory.CreateTempSubdirectory("o2o-tls-").FullName;
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2 _server;
    private readonly X509Certificate2 _client;
    private readonly CloudSimulatorOptions _cloudOptions = new() { HttpPort = FreePort.Next(), MqttPort = FreePort.Next() };
    private readonly int _tlsPort = FreePort.Next();
    private WebApplication _cloud = null!;
    private IHost _agent = null!;

    public TlsTests()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=O2O Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        _ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        _server = Issue("CN=127.0.0.1", serverAuth: true);
        _client = Issue("CN=site-" + SiteId, serverAuth: false);
    }

    public async Task InitializeAsync()
    {
        _cloudOptions.SiteSecrets[SiteId] = "site-secret-0123456789";
        _cloudOptions.TlsCertificate = _server;
        _cloudOptions.ClientCertificateAuthority = _ca;
        _cloud = CloudSimulatorApp.Create(_cloudOptions, logging => logging.ClearProviders());
        await _cloud.StartAsync();

        File.WriteAllBytes(Path.Combine(_dir, "ca.cer"), _ca.Export(X509ContentType.Cert));
        File.WriteAllBytes(Path.Combine(_dir, "server.pfx"), _server.Export(X509ContentType.Pkcs12, "pw"));
        File.WriteAllBytes(Path.Combine(_dir, "client.pfx"), _client.Export(X509ContentType.Pkcs12, "pw"));
        _agent = EdgeAgentHost.Create(new Dictionary<string, string?>
        {
            ["O2O:SiteId"] = SiteId,
            ["O2O:SiteSecret"] = "site-secret-0123456789",
            ["O2O:BrokerPlainTcp"] = "false",
            ["O2O:BrokerTlsPort"] = _tlsPort.ToString(),
            ["O2O:BrokerCertificatePath"] = Path.Combine(_dir, "server.pfx"),
            ["O2O:BrokerCertificatePassword"] = "pw",
            ["O2O:StorePath"] = Path.Combine(_dir, "agent.db"),
            ["O2O:CloudMqttPort"] = _cloudOptions.MqttPort.ToString(),
            ["O2O:CloudTls"] = "true",
            ["O2O:CloudCaCertificatePath"] = Path.Combine(_dir, "ca.cer"),
            ["O2O:CloudClientCertificatePath"] = Path.Combine(_dir, "client.pfx"),
            ["O2O:CloudClientCertificatePassword"] = "pw",
            ["O2O:CloudHttpBaseUrl"] = $"https://127.0.0.1:{_cloudOptions.HttpPort}/",
            ["O2O:UplinkTransport"] = "https",
            ["O2O:LocalApiUrl"] = "",
            ["O2O:Devices:0:Id"] = "dev-1",
            ["O2O:Devices:0:SecretHash"] = DeviceSecretHash.Create("device-secret-1", 1000),
        }, _dir, logging => logging.ClearProviders());
        await _agent.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _agent.StopAsync();
        _agent.Dispose();
        await _cloud.StopAsync();
        await _cloud.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_agent_reaches_the_cloud_over_mutual_tls()
    {
        CloudLink link = _agent.Services.GetRequiredService<CloudLink>();
        Assert.IsType<HttpsUplink>(_agent.Services.GetRequiredService<IUplink>());
        await Eventually.HoldsAsync(() => link.IsConnected, TimeSpan.FromSeconds(15), "the agent to connect to the TLS cloud broker");
    }

    [Fact]
    public async Task The_cloud_refuses_a_site_without_its_client_certificate()
    {
        using IMqttClient stranger = new MqttClientFactory().CreateMqttClient();
        MqttClientOptions options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _cloudOptions.MqttPort)
            .WithClientId("site-" + SiteId).WithCredentials(SiteId, "site-secret-0123456789").WithTimeout(TimeSpan.FromSeconds(5))
            .WithTlsOptions(o => o.UseTls().WithCertificateValidationHandler(_ => true)).Build();

        await Assert.ThrowsAnyAsync<Exception>(() => stranger.ConnectAsync(options));
    }

    [Fact]
    public async Task A_device_reaches_the_embedded_broker_over_tls_and_plain_tcp_is_off()
    {
        using IMqttClient device = new MqttClientFactory().CreateMqttClient();
        MqttClientOptions options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _tlsPort)
            .WithClientId("dev-1").WithCredentials("dev-1", "device-secret-1").WithTimeout(TimeSpan.FromSeconds(5))
            .WithTlsOptions(o => o.UseTls().WithTrustChain([_ca]).WithCertificateValidationHandler(args => args.Chain.ChainElements[^1].Certificate.Thumbprint == _ca.Thumbprint && args.SslPolicyErrors is System.Net.Security.SslPolicyErrors.None or System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors)).Build();

        await device.ConnectAsync(options);
        await device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(Topics.Events("dev-1"))
            .WithPayload(Encoding.UTF8.GetBytes("{\"v\":1,\"boot\":\"b\",\"seq\":1,\"type\":\"dispensed\"}")).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        TelemetryIngest ingest = _cloud.Services.GetRequiredService<TelemetryIngest>();
        await Eventually.HoldsAsync(() => ingest.Events.Any(e => e.DeviceId == "dev-1" && e.Sequence == 1), TimeSpan.FromSeconds(15), "the event to reach the cloud over the HTTPS uplink");

        using IMqttClient plain = new MqttClientFactory().CreateMqttClient();
        await Assert.ThrowsAnyAsync<Exception>(() => plain.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _tlsPort)
            .WithClientId("dev-1").WithCredentials("dev-1", "device-secret-1").WithTimeout(TimeSpan.FromSeconds(3)).Build()));
    }

    [Fact]
    public async Task The_https_uplink_is_refused_without_the_site_secret_or_with_a_garbage_batch()
    {
        var settings = new EdgeAgentOptions
        {
            SiteId = SiteId, SiteSecret = "wrong-secret", CloudHttpBaseUrl = $"https://127.0.0.1:{_cloudOptions.HttpPort}/",
            CloudCaCertificatePath = Path.Combine(_dir, "ca.cer"),
            CloudClientCertificatePath = Path.Combine(_dir, "client.pfx"), CloudClientCertificatePassword = "pw",
        };
        TelemetryIngest ingest = _cloud.Services.GetRequiredService<TelemetryIngest>();
        using var http = new HttpClient(CloudTls.HttpHandler(settings));
        var wrongSecret = new HttpsUplink(http, Microsoft.Extensions.Options.Options.Create(settings), NullLogger<HttpsUplink>.Instance);

        Assert.False(await wrongSecret.PublishUplinkAsync([0x1f, 0x8b], CancellationToken.None));

        settings.SiteSecret = "site-secret-0123456789";
        int rejectedBefore = ingest.RejectedBatches;
        Assert.False(await wrongSecret.PublishUplinkAsync(Encoding.UTF8.GetBytes("not gzip at all"), CancellationToken.None));
        Assert.Equal(rejectedBefore + 1, ingest.RejectedBatches);
    }

    [Fact]
    public async Task The_cloud_api_refuses_a_client_without_a_site_certificate()
    {
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var http = new HttpClient(handler);

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"https://127.0.0.1:{_cloudOptions.HttpPort}/v1/keys"));
    }

    private X509Certificate2 Issue(string subject, bool serverAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        // Well inside the CA's day: a leaf may not outlive its issuer, and "now" moves between the two.
        using X509Certificate2 issued = request.Create(_ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }
}
