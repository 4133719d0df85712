using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace O2O.EdgeAgent;

/// <summary>Builds an agent host from explicit settings, for embedding (the local stack, integration tests).</summary>
public static class EdgeAgentHost
{
    /// <param name="settings">Configuration keys such as <c>O2O:SiteId</c>; nothing is read from files or the environment.</param>
    /// <param name="time">The agent's clock; the system clock when null.</param>
    public static IHost Create(IReadOnlyDictionary<string, string?> settings, string contentRoot, Action<ILoggingBuilder>? logging = null, TimeProvider? time = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = contentRoot,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        logging?.Invoke(builder.Logging);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.AddEdgeAgent();
        return builder.Build();
    }
}
