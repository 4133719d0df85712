using System.Diagnostics;

namespace O2O.Simulator.Devices;

/// <summary>
/// Runs many virtual devices' main loops on a few threads instead of one thread each: every pass calls
/// <see cref="VirtualDevice.RunOnce"/> for each device of a thread's share, then waits out the rest of the pass.
/// A thousand devices on two cores need this; a handful of devices in the local stack run on their own threads.
/// Passes longer than the ESP32's 5 ms loop make latch pulses up to one pass longer, which the coil model's
/// damage check sees, so keep the pass short when slots move.
/// </summary>
public sealed class DeviceScheduler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread[] _threads;
    private long _passes;
    private long _overruns;

    public DeviceScheduler(IReadOnlyList<VirtualDevice> devices, int threads, TimeSpan pass)
    {
        Pass = pass;
        _threads = Enumerable.Range(0, threads).Select(t =>
        {
            VirtualDevice[] share = devices.Where((_, i) => i % threads == t).ToArray();
            return new Thread(() => Run(share)) { IsBackground = true, Name = $"devices-{t}" };
        }).ToArray();
    }

    public TimeSpan Pass { get; }

    /// <summary>Passes run so far, over all threads.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>Passes that took longer than <see cref="Pass"/>: the machine could not keep up.</summary>
    public long Overruns => Interlocked.Read(ref _overruns);

    public void Start()
    {
        foreach (Thread thread in _threads)
        {
            thread.Start();
        }
    }

    private void Run(VirtualDevice[] share)
    {
        var clock = Stopwatch.StartNew();
        while (!_stop.IsCancellationRequested)
        {
            TimeSpan started = clock.Elapsed;
            foreach (VirtualDevice device in share)
            {
                device.RunOnce();
            }

            Interlocked.Increment(ref _passes);
            TimeSpan left = Pass - (clock.Elapsed - started);
            if (left > TimeSpan.Zero)
            {
                _stop.Token.WaitHandle.WaitOne(left);
            }
            else
            {
                Interlocked.Increment(ref _overruns);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (Thread thread in _threads)
        {
            thread.Join();
        }

        _stop.Dispose();
    }
}
