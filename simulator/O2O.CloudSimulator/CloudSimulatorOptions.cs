namespace O2O.CloudSimulator;

/// <summary>Where the simulated cloud listens and which sites and devices it knows.</summary>
public sealed class CloudSimulatorOptions
{
    public int HttpPort { get; set; }

    /// <summary>The cloud's clock: the local stack passes its own so a scenario can skip ahead; the fault campaign shifts it.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Port of the cloud's MQTT broker, which site agents connect to for uplink and downlink.</summary>
    public int MqttPort { get; set; }

    /// <summary>Device id → (site id, QR secret). The cloud needs the QR secret to check scanned codes.</summary>
    public Dictionary<string, CloudDevice> Devices { get; } = new(StringComparer.Ordinal);

    /// <summary>Site id → the secret its agent logs in to the cloud broker with.</summary>
    public Dictionary<string, string> SiteSecrets { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, the broker listens with TLS only, presenting this certificate.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TlsCertificate { get; set; }

    /// <summary>When set (with TLS), sites must present a client certificate signed by this CA whose CN is "site-{siteId}".</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificateAuthority { get; set; }

    /// <summary>Under mutual TLS, whether the site's client certificate names the site its secret is for; true without mutual TLS.</summary>
    public bool CertificateNamesSite(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate, string siteId) =>
        ClientCertificateAuthority is null
        || certificate?.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false) == "site-" + siteId;

    /// <summary>How long a grant stays valid after it is signed.</summary>
    public TimeSpan GrantLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an offline token stays valid after it joins a site's pool.</summary>
    public TimeSpan OfflineTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Most offline tokens one pool request may ask for.</summary>
    public int MaxPoolRequest { get; set; } = 200;

    /// <summary>Price class and price (fen) of what every device sells, printed in its offline tokens.</summary>
    public string PriceClass { get; set; } = "std";

    public long PriceMinor { get; set; } = 300;

    /// <summary>Price (fen) of one minute of a session on a timed device.</summary>
    public long SessionPricePerMinuteMinor { get; set; } = 100;

    /// <summary>Fault switch: sell offline tokens that were already sold, so reconciliation must report sold_twice.</summary>
    public bool SellOfflineTokensTwice { get; set; }
}

/// <summary>A device the cloud sells for. <paramref name="Session"/> is set for timed devices, whose orders buy minutes instead of a slot's item.</summary>
public sealed record CloudDevice(string SiteId, byte[] QrSecret, SessionTerms? Session = null);

/// <summary>
/// What the cloud knows of a timed device's model (its definition's session.defaultMinutes and limits.maxSessionMinutes):
/// the length sold when the customer picks none, and the longest the device runs, so a longer order is never taken.
/// </summary>
public sealed record SessionTerms(int DefaultMinutes, int MaxMinutes);
