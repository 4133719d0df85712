using System.Diagnostics;
using System.Text;
using O2O.Qr;

// Each case runs a warm-up (JIT, buffer growth), then a measured loop on this thread. Allocation figures come from
// the runtime's per-thread counter, so they are exact, not sampled. The device repaints a fresh signed QR code for
// every sale, so the interesting case is the ~100-byte payment URL.
const int Iterations = 2_000;
const string Url = "https://pay.o2o.example/q?d=cab-001&s=0&n=3b29ebe72f85dd4a&e=1795528329&m=00112233445566778899aabbccddeeff";
byte[] urlBytes = Encoding.UTF8.GetBytes(Url);
var encoder = new QrEncoder();

// Every result is stored here, as the device keeps the symbol it displays: a dropped result lets the JIT's escape
// analysis put the QrSymbol on the stack once Encode is inlined, which would under-report the allocation.
QrSymbol? sink = null;

Console.WriteLine($"payload: {urlBytes.Length} bytes, byte mode; {Iterations} encodes per case after warm-up");
Console.WriteLine($"{"case",-34} {"version",7} {"mask",4} {"bytes/op",10} {"us/op",8}");
foreach (QrErrorCorrection level in new[] { QrErrorCorrection.L, QrErrorCorrection.M, QrErrorCorrection.Q, QrErrorCorrection.H })
{
    string name = level switch { QrErrorCorrection.L => "L", QrErrorCorrection.M => "M", QrErrorCorrection.Q => "Q", _ => "H" };
    QrSymbol symbol = encoder.Encode(urlBytes, 0, urlBytes.Length, level, 1, 40, QrEncoder.AutoMask)!;
    Report($"URL bytes, ECC {name}, auto mask", symbol, () => encoder.Encode(urlBytes, 0, urlBytes.Length, level, 1, 40, QrEncoder.AutoMask));
    Report($"URL string, ECC {name}, auto mask", symbol, () => encoder.Encode(Url, level));
    Report($"URL bytes, ECC {name}, mask forced", symbol, () => encoder.Encode(urlBytes, 0, urlBytes.Length, level, 1, 40, symbol.Mask));
}

Console.WriteLine("A warm encode should allocate only the QrSymbol and its module bits (one bit per module).");
GC.KeepAlive(sink);

void Report(string name, QrSymbol symbol, Func<QrSymbol?> encode)
{
    // Warm up for half a second rather than a fixed count: tiered compilation re-JITs hot methods in the background
    // about 100 ms after they get hot, and a re-JIT landing inside the measured loop skews the allocation counter.
    long warmUntil = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 2);
    while (Stopwatch.GetTimestamp() < warmUntil)
    {
        sink = encode();
    }

    long before = GC.GetAllocatedBytesForCurrentThread();
    long start = Stopwatch.GetTimestamp();
    for (int i = 0; i < Iterations; i++)
    {
        sink = encode();
    }

    TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
    double bytesPerOp = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Iterations;
    Console.WriteLine($"{name,-34} {symbol.Version,7} {symbol.Mask,4} {bytesPerOp,10:F1} {elapsed.TotalMicroseconds / Iterations,8:F1}");
}
