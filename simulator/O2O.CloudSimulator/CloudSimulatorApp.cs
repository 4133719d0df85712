using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace O2O.CloudSimulator;

/// <summary>Composes the simulated cloud: HTTP API on loopback plus its MQTT broker, as one web application.</summary>
public static class CloudSimulatorApp
{
    public static WebApplication Create(CloudSimulatorOptions options, Action<ILoggingBuilder>? logging = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.HttpPort, listen =>
        {
            // With a certificate, the HTTP API is HTTPS too, and demands the same site client certificate as the broker.
            if (options.TlsCertificate is not null)
            {
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = options.TlsCertificate;
                    if (options.ClientCertificateAuthority is not null)
                    {
                        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                        https.ClientCertificateValidation = (certificate, _, _) => O2O.CloudContract.PrivateCertificateAuthority.Issued(options.ClientCertificateAuthority, certificate);
                    }
                });
            }
        }));
        if (logging is not null)
        {
            logging(builder.Logging);
        }

        builder.Services.AddCloudSimulator(options);
        WebApplication app = builder.Build();
        app.MapOrders();
        app.MapSiteApi();
        app.MapSimulatorControl();
        return app;
    }

    public static IServiceCollection AddCloudSimulator(this IServiceCollection services, CloudSimulatorOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(options.Clock);
        services.AddSingleton<CloudOrders>();
        services.AddSingleton<TokenSigner>();
        services.AddSingleton<SiteConnectivity>();
        services.AddSingleton<OfflineTokenBook>();
        services.AddSingleton<TelemetryIngest>();
        services.AddSingleton<CloudBroker>();
        services.AddHostedService(provider => provider.GetRequiredService<CloudBroker>());
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip);
        return services;
    }
}
