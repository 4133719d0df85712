using System.Security.Cryptography;
using System.Text;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Bench.Fuzz;

/// <summary>The device protocol codecs (firmware/O2O.Protocol): device events, commands, acks, site commands, uplink batches.</summary>
public static class ProtocolTargets
{
    private delegate byte[]? DecodeAndEncode(byte[] input, JsonReader reader, out DecodeError? error);

    // Each codec: decode the input; when it decodes, encode what came out. Null means refused.
    private static readonly (string Name, DecodeAndEncode Run)[] Codecs =
    [
        ("event", (byte[] input, JsonReader reader, out DecodeError? error) => DeviceEvent.Decode(input, 0, input.Length, reader, out error) is { } e ? Encode(e.WriteTo) : null),
        ("command", (byte[] input, JsonReader reader, out DecodeError? error) => DeviceCommand.Decode(input, 0, input.Length, reader, out error, out _) is { } c ? Encode(c.WriteTo) : null),
        ("ack", (byte[] input, JsonReader reader, out DecodeError? error) => CommandAck.Decode(input, 0, input.Length, reader, out error) is { } a ? Encode(a.WriteTo) : null),
        ("site command", (byte[] input, JsonReader reader, out DecodeError? error) => SiteCommand.Decode(input, 0, input.Length, reader, out error) is { } s ? Encode(s.WriteTo) : null),
        ("batch", (byte[] input, JsonReader reader, out DecodeError? error) => UplinkBatch.Decode(input, 0, input.Length, reader, out error) is { } b ? Encode(b.WriteTo) : null),
    ];

    /// <summary>Any bytes into every decoder: no exception; a refusal always carries its reason; what decodes re-encodes to a fixed point.</summary>
    public static FuzzTarget Decoders()
    {
        var reader = new JsonReader();
        return new FuzzTarget("protocol", "decoders never throw; a refusal has a status and detail; encode(decode(x)) decodes and re-encodes to itself", Seeds(), input =>
        {
            foreach ((string name, DecodeAndEncode run) in Codecs)
            {
                byte[]? encoded = run(input, reader, out DecodeError? error);
                if (encoded is null)
                {
                    Property.Holds(error is not null && error.Detail.Length > 0, name + ": refused without a reason");
                    continue;
                }

                byte[]? again = run(encoded, reader, out DecodeError? second);
                Property.Holds(again is not null, $"{name}: its own encoding does not decode ({second})");
                Property.Holds(again!.AsSpan().SequenceEqual(encoded), name + ": encode(decode(encode(decode(x)))) differs from encode(decode(x))");
            }
        });
    }

    /// <summary>Events and acks built from valid field values (the input seeds the choice) decode to the same encoding.</summary>
    public static FuzzTarget RoundTrip()
    {
        var reader = new JsonReader();
        return new FuzzTarget("protocol-roundtrip", "every valid event, ack and batch survives encode then decode byte for byte", [[1, 2, 3], [42]], input =>
        {
            var random = new Random(BitConverter.ToInt32(SHA256.HashData(input), 0));
            DeviceEvent evt = RandomEvent(random);
            byte[] encoded = Encode(evt.WriteTo);
            DeviceEvent? decoded = DeviceEvent.Decode(encoded, 0, encoded.Length, reader, out DecodeError? error);
            Property.Holds(decoded is not null, $"a valid event is refused ({error}): {Encoding.UTF8.GetString(encoded)}");
            Property.Holds(Encode(decoded!.WriteTo).AsSpan().SequenceEqual(encoded), "event changed in a round trip: " + Encoding.UTF8.GetString(encoded));

            string outcome = random.Next(3) switch { 0 => CommandAck.Ok, 1 => CommandAck.Rejected, _ => CommandAck.Failed };
            CommandAck ack = CommandAck.Create(Id(random), outcome, outcome == CommandAck.Ok && random.Next(2) == 0 ? null : Text(random)); // reason: required unless ok
            ack.BootId = random.Next(4) == 0 ? "" : Id(random);
            ack.Timestamp = random.NextInt64(0, long.MaxValue);
            byte[] ackBytes = Encode(ack.WriteTo);
            CommandAck? ackBack = CommandAck.Decode(ackBytes, 0, ackBytes.Length, reader, out error);
            Property.Holds(ackBack is not null && Encode(ackBack.WriteTo).AsSpan().SequenceEqual(ackBytes), $"ack changed in a round trip ({error}): {Encoding.UTF8.GetString(ackBytes)}");

            var batch = new UplinkBatch { SiteId = "site-1", BatchId = Id(random), Events = [evt, RandomEvent(random)] };
            batch.Events[0].DeviceId = "cab-1";
            batch.Events[1].DeviceId = "cab-2";
            byte[] batchBytes = Encode(batch.WriteTo);
            UplinkBatch? batchBack = UplinkBatch.Decode(batchBytes, 0, batchBytes.Length, reader, out error);
            Property.Holds(batchBack is not null && Encode(batchBack.WriteTo).AsSpan().SequenceEqual(batchBytes), $"batch changed in a round trip ({error})");
        });
    }

    private static DeviceEvent RandomEvent(Random random)
    {
        string[] types = [EventTypes.Heartbeat, EventTypes.Dispensed, EventTypes.Opened, EventTypes.Jammed, EventTypes.ItemReturned, EventTypes.TokenPresented];
        string type = types[random.Next(types.Length)];
        return new DeviceEvent
        {
            BootId = Id(random),
            Sequence = random.NextInt64(1, long.MaxValue),
            Timestamp = random.NextInt64(long.MinValue, long.MaxValue),
            Type = type,
            Slot = random.Next(3) == 0 ? DeviceEvent.NoSlot : random.Next(ProtocolLimits.MaxSlots),
            OrderId = random.Next(2) == 0 ? null : Id(random),
            ItemId = random.Next(2) == 0 ? null : Text(random),
            Value = random.Next(2) == 0 ? DeviceEvent.NoValue : random.NextInt64(0, long.MaxValue),
            Token = type == EventTypes.TokenPresented ? Id(random) : null,
        };
    }

    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";

    private static string Id(Random random) => new(Enumerable.Range(0, random.Next(1, 33)).Select(_ => IdAlphabet[random.Next(IdAlphabet.Length)]).ToArray());

    // Free text: quotes, backslashes, control characters and non-ASCII, which the writer must escape and the reader undo.
    private static string Text(Random random) => new(Enumerable.Range(0, random.Next(1, ProtocolLimits.MaxTokenLength + 1))
        .Select(_ => random.Next(6) switch { 0 => '"', 1 => '\\', 2 => (char)random.Next(0, 0x20), 3 => (char)random.Next(0xa0, 0x3000), _ => IdAlphabet[random.Next(IdAlphabet.Length)] }).ToArray());

    public static byte[] Encode(Action<JsonWriter> write)
    {
        var writer = new JsonWriter(512);
        write(writer);
        return writer.ToArray();
    }

    private static List<byte[]> Seeds()
    {
        var random = new Random(7);
        var seeds = new List<byte[]>();
        for (int i = 0; i < 8; i++)
        {
            DeviceEvent evt = RandomEvent(random);
            seeds.Add(Encode(evt.WriteTo));
            evt.DeviceId = "cab-1";
            seeds.Add(Encode(new UplinkBatch { SiteId = "site-1", BatchId = "b" + i, Events = [evt] }.WriteTo));
        }

        seeds.Add(Encode(CommandAck.Create("unlock-ord-1", CommandAck.Ok, null).WriteTo));
        seeds.Add(Encode(new SiteCommand { Id = "grant-1", Type = "grant", Body = "abc" }.WriteTo));
        seeds.Add(Encode(new DeviceCommand { Id = "unlock-ord-1", Type = CommandTypes.Unlock, Slot = 2, OrderId = "ord-1", IssuedAt = 1_700_000_000_000 }.WriteTo));
        return seeds;
    }
}
