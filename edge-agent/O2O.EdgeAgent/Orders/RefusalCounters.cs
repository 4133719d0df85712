using System.Collections.Concurrent;

namespace O2O.EdgeAgent.Orders;

/// <summary>Refused grants, offline tokens and technician passes, by flow and reason, for /metrics and the local API.</summary>
public sealed class RefusalCounters
{
    public const string Grant = "grant";
    public const string Offline = "offline";
    public const string Technician = "technician";

    private readonly ConcurrentDictionary<(string Flow, string Reason), long> _counts = new();

    public void Count(string flow, string reason) => _counts.AddOrUpdate((flow, reason), 1, (_, count) => count + 1);

    public long Get(string flow, string reason) => _counts.GetValueOrDefault((flow, reason));

    public IReadOnlyList<(string Flow, string Reason, long Count)> Snapshot() =>
        _counts.OrderBy(c => c.Key.Flow, StringComparer.Ordinal).ThenBy(c => c.Key.Reason, StringComparer.Ordinal)
            .Select(c => (c.Key.Flow, c.Key.Reason, c.Value)).ToList();
}
