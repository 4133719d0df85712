using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using O2O.CloudContract;
using O2O.CloudContract.Tokens;
using O2O.CloudSimulator;
using O2O.EdgeAgent.Offline;
using O2O.EdgeAgent.Orders;
using O2O.EdgeAgent.Storage;
using O2O.EdgeAgent.Technicians;
using O2O.EdgeAgent.Tests;

namespace O2O.Simulator.Tests.SiteFlows;

/// <summary>
/// Everything the agent logs, at every level and from every library in its host, while it serves a paid order,
/// refuses forged and expired grants, redeems and refuses offline tokens and codes, and opens a slot for a
/// technician: no secret, no token body and no offline code may appear in it.
/// </summary>
public sealed partial class LogSecrecyTests : IAsyncLifetime
{
    private readonly CapturedLog _log = new();
    private SiteFlowHarness _site = null!;

    public async Task InitializeAsync() => _site = await SiteFlowHarness.StartAsync(agentLog: _log);

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private AgentStore Store => _site.Agent.GetRequiredService<AgentStore>();

    [Fact]
    public async Task No_secret_token_or_code_reaches_the_agent_log()
    {
        var mustNotAppear = new List<string>(_site.Secrets);
        await Eventually.HoldsAsync(() => Store.CountUsableTokens("cab-2", 0) >= 5, TimeSpan.FromSeconds(15), "the offline pool to fill");

        OrderView paid = await _site.PayAsync((await _site.ScanAsync("cab-1", 1)).OrderId, times: 2);
        await Eventually.HoldsAsync(() => _site.CloudOrder(paid.OrderId).Status == OrderStatus.Dispensed, TimeSpan.FromSeconds(15), "the paid order to be dispensed");

        TokenSigner signer = _site.Cloud.GetRequiredService<TokenSigner>();
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var grant = new UnlockGrant("ord-forged", SiteFlowHarness.SiteId, "cab-1", 0, now, now + 120);
        foreach (string refused in new[] { CoseToken.Sign(grant.ToClaims(), forger, signer.CurrentKeyId), signer.Sign((grant with { ExpiresAtUnix = now - 1 }).ToClaims()) })
        {
            mustNotAppear.Add(refused);
            Assert.Equal("refused", await _site.Agent.GetRequiredService<OrderFlow>().HandleGrantAsync(refused, CancellationToken.None));
        }

        OfflineRedemption redemption = _site.Agent.GetRequiredService<OfflineRedemption>();
        CachedToken[] tokens = _site.Cloud.GetRequiredService<OfflineTokenBook>().IssuedTo("cab-2")
            .Select(id => Store.FindOfflineToken(id)).OfType<CachedToken>().Where(t => !t.Spent).Take(2).ToArray();
        mustNotAppear.AddRange(tokens.SelectMany(t => new[] { t.Code, t.Body }));
        Assert.Null((await redemption.RedeemAsync("cab-2", tokens[0].Code, 0, CancellationToken.None)).Refusal);
        Assert.Equal(TokenRefusals.Replayed, (await redemption.RedeemAsync("cab-2", tokens[0].Code, 0, CancellationToken.None)).Refusal);
        Assert.Equal(TokenRefusals.WrongDevice, (await redemption.RedeemAsync("cab-1", tokens[1].Body, 0, CancellationToken.None)).Refusal);

        string pass = await _site.MintTechnicianPassAsync("cab-1", "tech-7");
        string expiredPass = signer.Sign(new TechnicianPass("tp-old", SiteFlowHarness.SiteId, "cab-1", -1, "tech-7", now - 7200, now - 3600).ToClaims());
        mustNotAppear.AddRange([pass, expiredPass]);
        TechnicianAccess access = _site.Agent.GetRequiredService<TechnicianAccess>();
        Assert.Null((await access.UnlockAsync(pass, 2, CancellationToken.None)).Refusal);
        Assert.Equal(TokenRefusals.Expired, (await access.UnlockAsync(expiredPass, 2, CancellationToken.None)).Refusal);

        string log = _log.Text;
        // The log is not silent about what happened: refusals are logged by their reason.
        Assert.Contains(TokenRefusals.BadSignature, log);
        Assert.Contains(TokenRefusals.Replayed, log);
        Assert.Contains("tech-7", log);
        foreach (string secret in mustNotAppear)
        {
            Assert.False(log.Contains(secret, StringComparison.Ordinal), $"the log holds a secret, token or code ({secret.Length} characters)");
        }

        Match blob = LongBase64Run().Match(log);
        Assert.False(blob.Success, $"the log holds a run of {blob.Length} base64 characters, like a token body");
    }

    // A COSE token is at least ~100 base64url characters; nothing legitimate in a log line is 48 in a row.
    [GeneratedRegex("[A-Za-z0-9_+/-]{48,}")]
    private static partial Regex LongBase64Run();

    /// <summary>Every message and exception the agent's loggers write, at every level.</summary>
    private sealed class CapturedLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Text => string.Join('\n', _lines);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
