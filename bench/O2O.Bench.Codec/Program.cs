using System.Diagnostics;
using O2O.Protocol;
using O2O.Protocol.Json;

// Each case runs a warm-up (JIT, buffer growth), then a measured loop on this thread. Allocation figures
// come from the runtime's per-thread counter, so they are exact, not sampled.
const int Iterations = 200_000;
var writer = new JsonWriter(256);
var reader = new JsonReader();
var evt = new DeviceEvent { BootId = "e36862f3", Sequence = 42, Timestamp = 1795528029440, Type = EventTypes.Dispensed, Slot = 2, OrderId = "ord-000123", ItemId = "PB-0042" };
var command = new DeviceCommand { Id = "unlock-ord-000123", Type = CommandTypes.Unlock, Slot = 2, OrderId = "ord-000123", IssuedAt = 1795528029325 };
byte[] eventBytes = Encode(evt.WriteTo);
byte[] commandBytes = Encode(command.WriteTo);
byte[] truncated = "{\"v\":1,\"id\":"u8.ToArray();

Console.WriteLine($"{"case",-34} {"bytes/op",10} {"ns/op",10} {"payload",8}");
Report("encode event (reused writer)", eventBytes.Length, () => { writer.Reset(); evt.WriteTo(writer); });
Report("encode command (reused writer)", commandBytes.Length, () => { writer.Reset(); command.WriteTo(writer); });
Report("decode event", eventBytes.Length, () => DeviceEvent.Decode(eventBytes, 0, eventBytes.Length, reader, out _));
Report("decode command", commandBytes.Length, () => DeviceCommand.Decode(commandBytes, 0, commandBytes.Length, reader, out _, out _));
Report("decode truncated (error path)", truncated.Length, () => DeviceCommand.Decode(truncated, 0, truncated.Length, reader, out _, out _));
Console.WriteLine("Decode allocates the message object and its strings; encode into a reused writer should allocate nothing.");

void Report(string name, int payload, Action operation)
{
    for (int i = 0; i < 100_000; i++)
    {
        operation();
    }

    long before = GC.GetAllocatedBytesForCurrentThread();
    long start = Stopwatch.GetTimestamp();
    for (int i = 0; i < Iterations; i++)
    {
        operation();
    }

    TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
    double bytesPerOp = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Iterations;
    Console.WriteLine($"{name,-34} {bytesPerOp,10:F1} {elapsed.TotalNanoseconds / Iterations,10:F0} {payload,8}");
}

byte[] Encode(Action<JsonWriter> write)
{
    var w = new JsonWriter(64);
    write(w);
    return w.ToArray();
}
