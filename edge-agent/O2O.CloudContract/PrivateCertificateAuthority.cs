using System.Security.Cryptography.X509Certificates;

namespace O2O.CloudContract;

/// <summary>
/// Both ends of the cloud link may trust a private CA instead of the system store: the agent for the cloud's
/// certificate, the cloud for a site's client certificate. The CA is the only trust anchor; revocation is not checked.
/// </summary>
public static class PrivateCertificateAuthority
{
    public static bool Issued(X509Certificate2 ca, X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
