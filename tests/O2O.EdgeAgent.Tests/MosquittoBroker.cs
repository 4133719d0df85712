using O2O.Mosquitto;

namespace O2O.EdgeAgent.Tests;

/// <summary>
/// A real Debian mosquitto on loopback, configured as docs/external-broker.md describes (O2O.Mosquitto's
/// <see cref="SiteBroker"/>: no anonymous access, a password file made with mosquitto_passwd, an ACL that pins each
/// device to its own topics, the user name as client id, persistence on). Missing mosquitto fails the test: CI
/// installs it.
/// </summary>
internal sealed class MosquittoBroker : IAsyncDisposable
{
    public const string AgentUser = SiteBroker.AgentUser;
    public const string AgentPassword = "agent-password-0123456789";
    private readonly TempDirectory _dir;
    private readonly MosquittoProcess _process;

    private MosquittoBroker(TempDirectory dir, MosquittoProcess process)
    {
        _dir = dir;
        _process = process;
    }

    public int Port => _process.Port;

    public static async Task<MosquittoBroker> StartAsync(int port, IReadOnlyDictionary<string, string> devices)
    {
        Assert.True(MosquittoProcess.IsInstalled, "mosquitto is not installed: apt-get install mosquitto mosquitto-clients (the CI script installs them)");
        var dir = new TempDirectory();
        var broker = new MosquittoBroker(dir, SiteBroker.Create("test", dir.Path, port, AgentPassword, devices));
        try
        {
            await broker._process.StartAsync();
        }
        catch (InvalidOperationException e)
        {
            await broker.DisposeAsync();
            Assert.Fail(e.Message);
        }

        return broker;
    }

    /// <summary>SIGKILL, as a power cut or an OOM kill does it.</summary>
    public void Kill9() => _process.Kill9();

    /// <summary>Starts it again on the same config and persistence folder.</summary>
    public Task RestartAsync() => _process.StartAsync();

    public ValueTask DisposeAsync()
    {
        _process.Dispose();
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}
