using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using O2O.Bench.Fleet;
using O2O.CloudSimulator;
using O2O.Protocol;

/// <summary>
/// Phase 3. The cloud stops while every device publishes as fast as it is acknowledged, so the agent's outbox
/// fills; then a fresh cloud comes up on the same ports while the fleet publishes 1 event/s. The backlog is
/// drained when, for every device, the cloud has the last event acknowledged during the outage (the agent
/// uploads each device's events in order, so everything before it is there too).
/// </summary>
internal sealed partial class AgentBench
{
    private async Task<DrainResult> RunOutageDrainAsync()
    {
        Console.WriteLine($"phase 3: cloud down for {settings.OutageSeconds} s under full-speed publishing, then back under 1 event/s per device");
        StopCloud();

        IReadOnlyList<FleetDevice> devices = _fleet!.Devices;
        long ackedBefore = devices.Sum(d => Volatile.Read(ref d.LastAckedSequence));
        PhaseResult outage = await _fleet.RunSaturatedAsync(warmupSeconds: 0, settings.OutageSeconds, settings.InFlight, AgentPid);
        var lastOfOutage = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (FleetDevice device in devices)
        {
            lastOfOutage[device.Id] = Volatile.Read(ref device.LastAckedSequence);
        }

        long backlog = devices.Sum(d => Volatile.Read(ref d.LastAckedSequence)) - ackedBefore;
        // The sequences count every acknowledged event, including each device's last one that straddled the window's end.
        Console.WriteLine($"  {backlog} events acknowledged while the cloud was away, waiting in the agent (p99 ack {outage.P99:F1} ms, {outage.Failed} failed)");

        // Which devices still have outage events on their way; the clock starts when the cloud is back.
        var waiting = new ConcurrentDictionary<string, long>(lastOfOutage.Where(p => p.Value > 0), StringComparer.Ordinal);
        var clock = new Stopwatch();
        long firstUploadTicks = -1;
        var drained = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnEvent(DeviceEvent evt)
        {
            Interlocked.CompareExchange(ref firstUploadTicks, clock.ElapsedTicks, -1);
            if (evt.DeviceId is not null && waiting.TryGetValue(evt.DeviceId, out long last) && evt.Sequence >= last
                && waiting.TryRemove(evt.DeviceId, out _) && waiting.IsEmpty)
            {
                drained.TrySetResult(clock.ElapsedTicks);
            }
        }

        clock.Start();
        await StartCloudAsync(OnEvent);

        Task<PhaseResult> live = _fleet.RunPacedAsync(settleSeconds: 0, settings.DrainSeconds, AgentPid);
        Task finished = await Task.WhenAny(drained.Task, Task.Delay(TimeSpan.FromSeconds(settings.DrainSeconds)));
        PhaseResult steady = await live;
        bool done = finished == drained.Task;
        double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
        double drainedAfter = done ? Seconds(drained.Task.Result) : 0;
        double reconnect = Interlocked.Read(ref firstUploadTicks) < 0 ? 0 : Seconds(Interlocked.Read(ref firstUploadTicks));
        Console.WriteLine(done
            ? $"  first upload {reconnect:F2} s after the cloud came back, backlog drained after {drainedAfter:F2} s; live p99 {steady.P99:F1} ms"
            : $"  backlog NOT drained within {settings.DrainSeconds} s ({waiting.Count} devices still waiting)");

        return new DrainResult(
            OutageSeconds: settings.OutageSeconds,
            BacklogEvents: backlog,
            DrainWindowSeconds: settings.DrainSeconds,
            Drained: done,
            ReconnectSeconds: Math.Round(reconnect, 2),
            DrainedAfterSeconds: Math.Round(drainedAfter, 2),
            DrainEventsPerSecond: done && drainedAfter > reconnect ? Math.Round(backlog / (drainedAfter - reconnect), 0) : 0,
            LiveAcked: steady.Acked,
            LiveP50Ms: Math.Round(steady.P50, 2),
            LiveP99Ms: Math.Round(steady.P99, 2),
            LiveFailed: steady.Failed,
            LiveMissedSlots: steady.MissedSlots);
    }
}

internal sealed record DrainResult(
    int OutageSeconds,
    long BacklogEvents,
    int DrainWindowSeconds,
    bool Drained,
    double ReconnectSeconds,
    double DrainedAfterSeconds,
    double DrainEventsPerSecond,
    long LiveAcked,
    double LiveP50Ms,
    double LiveP99Ms,
    long LiveFailed,
    long LiveMissedSlots);
