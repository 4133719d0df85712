using System.Diagnostics;
using O2O.Bench.Firmware;

// Allocations come from the runtime's exact per-thread counter; each case warms up first so JIT and
// one-time buffer growth are not counted. The QR lifetime is set long so its rotation (which does
// allocate: a new signed URL) stays out of the steady-state figures; it is measured on its own.
Console.WriteLine($"{"case",-44} {"bytes/op",10} {"ns/op",10} {"published",10}");

var idle = new BenchDevice("powerbank-4", 1_000_000_000);
Measure("main-loop pass, nothing happening (10 ms)", 1_000_000, idle, () => { idle.UptimeMilliseconds += 10; idle.Device.Tick(); });

var beating = new BenchDevice("powerbank-4", 1_000_000_000);
Measure("main-loop pass that sends a heartbeat", 1_000, beating, () => { beating.UptimeMilliseconds += beating.HeartbeatMilliseconds; beating.Device.Tick(); });

var rotating = new BenchDevice("powerbank-4", 30);
Measure("QR rotation (for comparison)", 2_000, rotating, () => { rotating.UptimeMilliseconds += 30_000; rotating.Device.Tick(); });

static void Measure(string name, int iterations, BenchDevice device, Action pass)
{
    for (int i = 0; i < Math.Min(iterations, 2_000); i++)
    {
        pass();
    }

    long published = device.Published;
    long before = GC.GetAllocatedBytesForCurrentThread();
    long start = Stopwatch.GetTimestamp();
    for (int i = 0; i < iterations; i++)
    {
        pass();
    }

    TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
    double bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)iterations;
    Console.WriteLine($"{name,-44} {bytes,10:F1} {elapsed.TotalNanoseconds / iterations,10:F0} {device.Published - published,10}");
}
