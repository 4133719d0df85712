using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using O2O.EdgeAgent.Cloud;
using O2O.EdgeAgent.Storage;

namespace O2O.EdgeAgent.Tests;

/// <summary>The key set: kept across restarts, replaced on refresh, and fetched for unknown key ids at a limited rate.</summary>
public sealed class SigningKeyringTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new();
    private readonly CountingCloud _cloud = new();

    public void Dispose() => _dir.Dispose();

    private SigningKeyring Keyring(AgentStore store) =>
        new(new CloudApiClient(new HttpClient(_cloud), Options.Create(new EdgeAgentOptions { SiteId = "s1", CloudHttpBaseUrl = "http://cloud.invalid/" })), store, _time);

    [Fact]
    public async Task Unknown_key_ids_are_fetched_at_most_once_per_interval()
    {
        using AgentStore store = AgentStore.Open(_dir.File("agent.db"));
        SigningKeyring keys = Keyring(store);

        Assert.False(await keys.EnsureAsync("k-forged-1", CancellationToken.None));
        Assert.False(await keys.EnsureAsync("k-forged-2", CancellationToken.None));
        Assert.Equal(1, _cloud.Requests);

        _time.Advance(SigningKeyring.MinFetchInterval);
        _cloud.Publish("k-new");
        Assert.True(await keys.EnsureAsync("k-new", CancellationToken.None));
        Assert.Equal(2, _cloud.Requests);
    }

    [Fact]
    public async Task Keys_survive_a_restart_and_a_withdrawn_key_stops_verifying_after_refresh()
    {
        _cloud.Publish("k-1");
        using (AgentStore store = AgentStore.Open(_dir.File("agent.db")))
        {
            Assert.True(await Keyring(store).RefreshAsync(CancellationToken.None));
        }

        using AgentStore reopened = AgentStore.Open(_dir.File("agent.db"));
        SigningKeyring keys = Keyring(reopened);
        Assert.NotNull(keys.Find("k-1"));

        _cloud.Withdraw("k-1");
        Assert.True(await keys.RefreshAsync(CancellationToken.None));
        Assert.Null(keys.Find("k-1"));
    }

    private sealed class CountingCloud : HttpMessageHandler
    {
        private readonly Dictionary<string, string> _keys = [];

        public int Requests { get; private set; }

        public void Publish(string kid)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            _keys[kid] = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        }

        public void Withdraw(string kid) => _keys.Remove(kid);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            string body = "{\"keys\":[" + string.Join(",", _keys.Select(k => $"{{\"kid\":\"{k.Key}\",\"spki\":\"{k.Value}\"}}")) + "]}";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });
        }
    }
}
