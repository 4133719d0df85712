using System.Diagnostics;

namespace O2O.Bench.Fleet;

/// <summary>The two load shapes. Latency is publish to PUBACK; only events started inside the measured window count.</summary>
public sealed partial class DeviceFleet
{
    /// <summary>
    /// Every device publishes back to back with up to <paramref name="inFlight"/> unacknowledged, for
    /// <paramref name="warmupSeconds"/> unmeasured and then <paramref name="seconds"/> measured. Acknowledged events/s
    /// is the broker's throughput; latency is then mostly queueing (about N / throughput).
    /// </summary>
    public async Task<PhaseResult> RunSaturatedAsync(double warmupSeconds, double seconds, int inFlight, Func<IReadOnlyList<int>> sampledPids)
    {
        var clock = Stopwatch.StartNew();
        long measureFrom = (long)(Stopwatch.Frequency * warmupSeconds);
        long measureTo = measureFrom + (long)(Stopwatch.Frequency * seconds);
        FleetDevice[] live = _reconnect ? [.. devices] : devices.Where(d => d.Client?.IsConnected == true).ToArray();
        var recorders = live.SelectMany(d => Enumerable.Range(0, inFlight).Select(_ => new Recorder(d))).ToArray();

        // Each recorder is one outstanding publish of its device: publish, await the PUBACK, publish the next.
        Task load = Task.WhenAll(recorders.Select(r => Task.Run(async () =>
        {
            while (clock.ElapsedTicks < measureTo)
            {
                if (!await EnsureConnectedAsync(r.Device))
                {
                    if (_reconnect)
                    {
                        continue;
                    }

                    return;
                }

                long started = clock.ElapsedTicks;
                bool ok = await PublishAsync(r.Device);
                long finished = clock.ElapsedTicks;
                if (started >= measureFrom && finished <= measureTo)
                {
                    r.Record(ok, finished - started);
                }
                else if (!ok)
                {
                    r.Failed++;
                }

                if (!ok)
                {
                    await Task.Delay(100);
                }
            }
        })));

        WindowSample sample = await WindowSample.TakeAsync(clock, measureFrom, measureTo, sampledPids);
        await load.WaitAsync(PublishTimeout + TimeSpan.FromSeconds(30));
        return sample.Apply(PhaseResult.From(recorders, seconds));
    }

    /// <summary>
    /// Device i publishes at i/N s past each whole second, so the fleet's load is spread evenly; the first
    /// <paramref name="settleSeconds"/> are not measured. A publish that takes more than a second loses the next slot,
    /// as on a device that blocks until its PUBACK.
    /// </summary>
    public async Task<PhaseResult> RunPacedAsync(double settleSeconds, double seconds, Func<IReadOnlyList<int>> sampledPids)
    {
        var clock = Stopwatch.StartNew();
        long measureFrom = (long)(Stopwatch.Frequency * settleSeconds);
        long measureTo = measureFrom + (long)(Stopwatch.Frequency * seconds);
        FleetDevice[] live = _reconnect ? [.. devices] : devices.Where(d => d.Client?.IsConnected == true).ToArray();
        var recorders = live.Select(d => new Recorder(d)).ToArray();
        long missedSlots = 0;

        Task load = Task.WhenAll(recorders.Select((r, i) => Task.Run(async () =>
        {
            long offset = Stopwatch.Frequency * i / recorders.Length;
            for (long slot = 0; ; slot++)
            {
                long due = (Stopwatch.Frequency / 10) + offset + (slot * Stopwatch.Frequency);
                if (due >= measureTo)
                {
                    return;
                }

                long wait = due - clock.ElapsedTicks;
                if (wait < 0)
                {
                    if (due >= measureFrom)
                    {
                        Interlocked.Increment(ref missedSlots);
                    }

                    continue;
                }

                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                if (!await EnsureConnectedAsync(r.Device))
                {
                    if (_reconnect)
                    {
                        Interlocked.Increment(ref missedSlots);
                        continue;
                    }

                    return;
                }

                long started = clock.ElapsedTicks;
                bool ok = await PublishAsync(r.Device);
                if (started >= measureFrom)
                {
                    r.Record(ok, clock.ElapsedTicks - started);
                }
            }
        })));

        WindowSample sample = await WindowSample.TakeAsync(clock, measureFrom, measureTo, sampledPids);
        await load.WaitAsync(PublishTimeout + TimeSpan.FromSeconds(30));
        return sample.Apply(PhaseResult.From(recorders, seconds)) with { MissedSlots = Interlocked.Read(ref missedSlots) };
    }

    private static async Task WaitUntilAsync(Stopwatch clock, long ticks)
    {
        long wait = ticks - clock.ElapsedTicks;
        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
        }
    }

    /// <summary>CPU of the processes under test and of this one over the measured window, and their RSS once a second.</summary>
    private sealed record WindowSample(double SampledCpuPercent, double BenchCpuPercent, double RssAvgKb, double RssMaxKb)
    {
        public static async Task<WindowSample> TakeAsync(Stopwatch clock, long from, long to, Func<IReadOnlyList<int>> pids)
        {
            await WaitUntilAsync(clock, from);
            long ticks0 = pids().Sum(ProcFs.CpuTicks);
            TimeSpan bench0 = Process.GetCurrentProcess().TotalProcessorTime;
            long wall0 = clock.ElapsedTicks;
            var rss = new List<long>();
            while (clock.ElapsedTicks < to)
            {
                rss.Add(pids().Sum(ProcFs.RssKb));
                await WaitUntilAsync(clock, Math.Min(to, clock.ElapsedTicks + Stopwatch.Frequency));
            }

            long ticks1 = pids().Sum(ProcFs.CpuTicks);
            TimeSpan bench1 = Process.GetCurrentProcess().TotalProcessorTime;
            double wall = Math.Max(1e-3, (double)(clock.ElapsedTicks - wall0) / Stopwatch.Frequency);
            rss.Add(pids().Sum(ProcFs.RssKb));
            return new WindowSample(
                100.0 * (ticks1 - ticks0) / ProcFs.ClockTicksPerSecond / wall,
                100.0 * (bench1 - bench0).TotalSeconds / wall,
                rss.Average(),
                rss.Max());
        }

        public PhaseResult Apply(PhaseResult phase) => phase with
        {
            SampledCpuPercent = SampledCpuPercent,
            BenchCpuPercent = BenchCpuPercent,
            RssAvgKb = RssAvgKb,
            RssMaxKb = RssMaxKb,
        };
    }
}
