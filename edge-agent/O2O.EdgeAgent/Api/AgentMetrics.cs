using System.Globalization;
using System.Text;
using O2O.EdgeAgent.Cloud;
using O2O.EdgeAgent.Gateway;
using O2O.EdgeAgent.Orders;
using O2O.EdgeAgent.Storage;
using O2O.EdgeAgent.Telemetry;

namespace O2O.EdgeAgent.Api;

/// <summary>The agent's figures in Prometheus text exposition format (version 0.0.4).</summary>
public sealed class AgentMetrics(
    DeviceRegistry registry,
    GatewayCounters gateway,
    AgentStore store,
    TelemetryUploader uploader,
    StoreCapacityGuard capacity,
    StoreOpener opener,
    RefusalCounters refusals,
    Offline.OfflineSync offlineSync,
    SigningKeyring keys,
    IUplink uplink,
    TimeProvider time)
{
    private long _lastEvents;
    private long _lastTimestamp = time.GetTimestamp();

    public string Render()
    {
        var text = new StringBuilder();
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        long? oldest = store.OldestPendingReceivedMs();
        Gauge(text, "o2o_devices_connected", "Devices connected to the device broker.", registry.All.Count(d => d.Online));
        Counter(text, "o2o_events_stored_total", "Device events stored durably.", gateway.EventsStored.Value);
        Gauge(text, "o2o_events_per_second", "Events stored per second since the previous scrape.", EventsPerSecond());
        Counter(text, "o2o_duplicate_events_total", "Redelivered events recognised and not stored again.", gateway.DuplicateEvents.Value);
        Counter(text, "o2o_missed_events_total", "Gaps in device sequence numbers.", registry.All.Sum(d => d.MissedEvents));
        Gauge(text, "o2o_outbox_events", "Events stored but not yet acknowledged by the cloud.", store.PendingEventCount());
        Gauge(text, "o2o_outbox_bytes", "Bytes used by the event store.", store.UsedBytes());
        Gauge(text, "o2o_outbox_oldest_age_seconds", "Age of the oldest event not yet acknowledged by the cloud.", oldest is null ? 0 : (now - oldest.Value) / 1000.0);
        Counter(text, "o2o_upload_failures_total", "Uplink batches the cloud did not acknowledge.", uploader.UploadFailures);
        Counter(text, "o2o_upload_batches_total", "Uplink batches acknowledged by the cloud.", uploader.BatchesSent);
        Counter(text, "o2o_evictions_total", "Telemetry events evicted to keep the store under its cap.", capacity.Evicted);
        Gauge(text, "o2o_store_over_cap_transactional_only", "1 when only transactional events remain and the cap is exceeded.", capacity.OverCapWithOnlyTransactional ? 1 : 0);
        Gauge(text, "o2o_store_quarantined", "1 when a corrupt store was moved aside at start.", opener.QuarantinedPath is null ? 0 : 1);
        Counter(text, "o2o_auth_failures_total", "Refused device logins.", gateway.AuthFailures.Value);
        Counter(text, "o2o_acl_violations_total", "Refused publishes and subscriptions outside a device's own topics.", gateway.AclViolations.Value);
        Counter(text, "o2o_rejected_payloads_total", "Device payloads that did not decode.", gateway.RejectedPayloads.Value);
        Gauge(text, "o2o_cloud_connected", "1 while the cloud link is up.", uplink.IsConnected ? 1 : 0);
        Gauge(text, "o2o_signing_keys", "Cloud public signing keys held.", keys.Count);
        Gauge(text, "o2o_offline_sync_age_seconds", "Seconds since pools, keys and revocations were last refreshed; -1 if never.",
            offlineSync.LastSuccess is { } last ? (time.GetUtcNow() - last).TotalSeconds : -1);
        text.Append("# HELP o2o_refusals_total Grants, offline tokens and technician passes refused, by flow and reason.\n# TYPE o2o_refusals_total counter\n");
        foreach ((string flow, string reason, long count) in refusals.Snapshot())
        {
            text.Append("o2o_refusals_total{flow=\"").Append(flow).Append("\",reason=\"").Append(reason).Append("\"} ").Append(count).Append('\n');
        }

        text.Append("# HELP o2o_reconciliation_conflicts_total Conflicts the cloud reported for offline redemptions, by kind.\n# TYPE o2o_reconciliation_conflicts_total counter\n");
        foreach ((string kind, long count) in offlineSync.ConflictsReported.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            text.Append("o2o_reconciliation_conflicts_total{kind=\"").Append(kind).Append("\"} ").Append(count).Append('\n');
        }

        return text.ToString();
    }

    private double EventsPerSecond()
    {
        long events = gateway.EventsStored.Value;
        long stamp = time.GetTimestamp();
        double seconds = time.GetElapsedTime(_lastTimestamp, stamp).TotalSeconds;
        double rate = seconds <= 0 ? 0 : (events - _lastEvents) / seconds;
        (_lastEvents, _lastTimestamp) = (events, stamp);
        return rate;
    }

    private static void Gauge(StringBuilder text, string name, string help, double value) => Write(text, name, help, "gauge", value);

    private static void Counter(StringBuilder text, string name, string help, double value) => Write(text, name, help, "counter", value);

    private static void Write(StringBuilder text, string name, string help, string type, double value) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n')
            .Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
