using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace O2O.EdgeAgent.Tests;

/// <summary>A setting that cannot work stops the agent at start with the setting's name, before anything listens.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("BrokerMode", "embeded", "O2O:BrokerMode")]
    [InlineData("UplinkTransport", "http", "O2O:UplinkTransport")]
    [InlineData("BrokerTlsPort", "8883", "O2O:BrokerCertificatePath")]
    [InlineData("BrokerPlainTcp", "false", "O2O:BrokerTlsPort")]
    [InlineData("SiteId", "site/1", "O2O:SiteId")]
    public async Task A_setting_that_cannot_work_stops_the_start_naming_it(string key, string value, string named)
    {
        using var dir = new TempDirectory();
        using IHost agent = EdgeAgentHost.Create(new Dictionary<string, string?>
        {
            ["O2O:StorePath"] = dir.File("agent.db"),
            ["O2O:BrokerPort"] = O2O.LoopbackPorts.FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["O2O:LocalApiUrl"] = "",
            ["O2O:" + key] = value,
        }, dir.Path, logging => logging.ClearProviders());

        OptionsValidationException refused = await Assert.ThrowsAsync<OptionsValidationException>(() => agent.StartAsync());

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }
}
