using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using O2O.CloudContract;

namespace O2O.EdgeAgent.Cloud;

/// <summary>
/// TLS to the cloud broker: the cloud's certificate is checked against the configured CA (or the system
/// trust store), and with a client certificate the site proves who it is (mutual TLS).
/// </summary>
public static class CloudTls
{
    public static MqttClientTlsOptions Configure(EdgeAgentOptions settings)
    {
        var tls = new MqttClientTlsOptionsBuilder()
            .UseTls()
            .WithTargetHost(settings.CloudMqttHost)
            .WithSslProtocols(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13);
        if (settings.CloudClientCertificatePath.Length > 0)
        {
            tls = tls.WithClientCertificates([X509CertificateLoader.LoadPkcs12FromFile(settings.CloudClientCertificatePath, settings.CloudClientCertificatePassword)]);
        }

        if (settings.CloudCaCertificatePath.Length > 0)
        {
            X509Certificate2 ca = X509CertificateLoader.LoadCertificateFromFile(settings.CloudCaCertificatePath);
            tls = tls.WithCertificateValidationHandler(args => IsSignedBy(args.Certificate, args.SslPolicyErrors, ca));
        }

        return tls.Build();
    }

    /// <summary>The same trust and client certificate for the cloud's HTTPS API (claims, outcomes, HTTPS uplink).</summary>
    public static SocketsHttpHandler HttpHandler(EdgeAgentOptions settings)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (settings.CloudClientCertificatePath.Length > 0)
        {
            handler.SslOptions.ClientCertificates = [X509CertificateLoader.LoadPkcs12FromFile(settings.CloudClientCertificatePath, settings.CloudClientCertificatePassword)];
        }

        if (settings.CloudCaCertificatePath.Length > 0)
        {
            X509Certificate2 ca = X509CertificateLoader.LoadCertificateFromFile(settings.CloudCaCertificatePath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsSignedBy(certificate, errors, ca);
        }

        return handler;
    }

    // A private CA as the only trust anchor, and the host name must still match.
    private static bool IsSignedBy(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 ca) =>
        (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) == 0
        && PrivateCertificateAuthority.Issued(ca, certificate);
}
