namespace O2O.CloudSimulator;

/// <summary>
/// The "cloud offline" switch, per site. While a site is cut off its agent's HTTP calls get 503 and its broker
/// session is dropped and refused, but customers' phones still reach the cloud over 4G and pay: those orders
/// are served with offline tokens.
/// </summary>
public sealed class SiteConnectivity
{
    private readonly HashSet<string> _cutOff = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Raised when a site is cut off, so the broker can drop its session at once.</summary>
    public event Action<string>? CutOff;

    public bool IsCutOff(string siteId)
    {
        lock (_gate)
        {
            return _cutOff.Contains(siteId);
        }
    }

    public void Set(string siteId, bool online)
    {
        bool changed;
        lock (_gate)
        {
            changed = online ? _cutOff.Remove(siteId) : _cutOff.Add(siteId);
        }

        if (changed && !online)
        {
            CutOff?.Invoke(siteId);
        }
    }
}
