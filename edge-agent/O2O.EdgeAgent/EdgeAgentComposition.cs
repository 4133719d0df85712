using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using O2O.EdgeAgent.Cloud;
using O2O.EdgeAgent.Gateway;
using O2O.EdgeAgent.Offline;
using O2O.EdgeAgent.Orders;
using O2O.EdgeAgent.Storage;
using O2O.EdgeAgent.Technicians;
using O2O.EdgeAgent.Telemetry;

namespace O2O.EdgeAgent;

/// <summary>Registers the agent's features. Program.cs and the local stack both compose the agent through this.</summary>
public static class EdgeAgentComposition
{
    public static IHostApplicationBuilder AddEdgeAgent(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EdgeAgentOptions>()
            .Bind(builder.Configuration.GetSection(EdgeAgentOptions.Section))
            .Validate(o => O2O.Protocol.Topics.IsValidId(o.SiteId), "O2O:SiteId must be 1-32 of [A-Za-z0-9_-]")
            .Validate(o => o.Devices.All(d => O2O.Protocol.Topics.IsValidId(d.Id)), "every O2O:Devices id must be a valid device id")
            .Validate(o => o.BrokerMode is "embedded" or "external", "O2O:BrokerMode must be \"embedded\" or \"external\"")
            .Validate(o => o.UplinkTransport is "mqtt" or "https", "O2O:UplinkTransport must be \"mqtt\" or \"https\"")
            .Validate(o => o.BrokerTlsPort == 0 || o.BrokerCertificatePath.Length > 0, "O2O:BrokerTlsPort needs O2O:BrokerCertificatePath (PKCS#12)")
            .Validate(o => o.BrokerMode != "embedded" || o.BrokerPlainTcp || o.BrokerTlsPort > 0, "O2O:BrokerPlainTcp=false needs O2O:BrokerTlsPort, or devices have no way in")
            .Validate(o => o.OfflinePoolSize is >= 0 and <= 200, "O2O:OfflinePoolSize must be 0-200")
            .Validate(o => o.OfflineMaxRedemptionsPerDevice >= 0 && o.OfflineMaxAmountPerDevice >= 0, "O2O:OfflineMax* limits must not be negative")
            .Validate(o => o.OfflineSyncIntervalMilliseconds >= 100, "O2O:OfflineSyncIntervalMilliseconds must be at least 100")
            .Validate(o => o.OutcomeDeadlineMinutes is >= 1 and <= 1440, "O2O:OutcomeDeadlineMinutes must be 1-1440")
            .ValidateOnStart();
        // An embedding host (the local stack) may have registered its own clock first; the fault campaign shifts it by a file.
        builder.Services.TryAddSingleton(Faults.FaultClock.FromEnvironment());
        builder.Services.AddSingleton<StoreOpener>();
        builder.Services.AddSingleton(provider =>
            provider.GetRequiredService<StoreOpener>().Open(provider.GetRequiredService<IOptions<EdgeAgentOptions>>().Value.StorePath));
        builder.Services.AddSingleton<GroupCommitWriter>();
        builder.Services.AddSingleton<StoreCapacityGuard>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<StoreCapacityGuard>());
        // Hosted services start in registration order: the order flow subscribes before traffic can flow.
        builder.Services.AddOrderFlow();
        builder.Services.AddDeviceGateway(builder.Configuration.GetSection(EdgeAgentOptions.Section)["BrokerMode"] == "external");
        builder.Services.AddCloudLink(builder.Configuration.GetSection(EdgeAgentOptions.Section)["UplinkTransport"] == "https");
        builder.Services.AddOrderLoops();
        builder.Services.AddSingleton<Api.AgentMetrics>();
        builder.Services.AddSingleton<Api.LocalApi>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<Api.LocalApi>());
        return builder;
    }

    private static IServiceCollection AddDeviceGateway(this IServiceCollection services, bool externalBroker)
    {
        services.AddSingleton<DeviceRegistry>();
        services.AddSingleton<DeviceTraffic>();
        services.AddSingleton<GatewayCounters>();
        services.AddSingleton<DeviceMessageRouter>();
        if (externalBroker)
        {
            services.AddSingleton<ExternalBrokerLink>();
            services.AddSingleton<IDeviceCommandSender>(provider => provider.GetRequiredService<ExternalBrokerLink>());
            services.AddHostedService(provider => provider.GetRequiredService<ExternalBrokerLink>());
            return services;
        }

        services.AddSingleton<DeviceGateway>();
        services.AddSingleton<IDeviceCommandSender>(provider => provider.GetRequiredService<DeviceGateway>());
        services.AddHostedService(provider => provider.GetRequiredService<DeviceGateway>());
        return services;
    }

    private static IServiceCollection AddCloudLink(this IServiceCollection services, bool httpsUplink)
    {
        services.AddHttpClient<CloudApiClient>().ConfigurePrimaryHttpMessageHandler(CloudHttpHandler);
        services.AddSingleton<SigningKeyring>();
        services.AddSingleton<CloudLink>();
        if (httpsUplink)
        {
            services.AddHttpClient<HttpsUplink>(http => http.Timeout = TimeSpan.FromSeconds(30)).ConfigurePrimaryHttpMessageHandler(CloudHttpHandler);
            services.AddSingleton<IUplink>(provider => provider.GetRequiredService<HttpsUplink>());
        }
        else
        {
            services.AddSingleton<IUplink>(provider => provider.GetRequiredService<CloudLink>());
        }

        services.AddHostedService(provider => provider.GetRequiredService<CloudLink>());
        services.AddSingleton<TelemetryUploader>();
        services.AddHostedService(provider => provider.GetRequiredService<TelemetryUploader>());
        return services;
    }

    private static HttpMessageHandler CloudHttpHandler(IServiceProvider provider) =>
        CloudTls.HttpHandler(provider.GetRequiredService<IOptions<EdgeAgentOptions>>().Value);

    private static IServiceCollection AddOrderFlow(this IServiceCollection services)
    {
        services.AddSingleton<RefusalCounters>();
        services.AddSingleton<OrderOutcomes>();
        services.AddHostedService(provider => provider.GetRequiredService<OrderOutcomes>());
        services.AddSingleton<OrderFlow>();
        services.AddHostedService(provider => provider.GetRequiredService<OrderFlow>());
        services.AddSingleton<OfflineRedemption>();
        services.AddHostedService(provider => provider.GetRequiredService<OfflineRedemption>());
        services.AddSingleton<TechnicianAccess>();
        services.AddHostedService(provider => provider.GetRequiredService<TechnicianAccess>());
        services.AddSingleton<OfflineSync>();
        return services;
    }

    // The loops that send to devices and call the cloud start last, once the broker and the cloud link are up.
    private static IServiceCollection AddOrderLoops(this IServiceCollection services)
    {
        services.AddHostedService<OrderRetryService>();
        services.AddHostedService(provider => provider.GetRequiredService<OfflineSync>());
        return services;
    }
}
