using O2O.Protocol.Json;

namespace O2O.Protocol.Tests;

/// <summary>
/// Random damage to valid payloads (flipped, dropped, inserted and truncated bytes) must always end in
/// either a decoded message or a typed error, never an exception. Seeded, so a failure is reproducible.
/// </summary>
public sealed class MutationTests
{
    private static readonly string[] Goldens =
    [
        "event-dispensed.json", "event-batch-entry.json", "command-unlock.json", "command-set-config.json",
        "ack-failed.json", "state-cabinet.json", "availability-offline.json", "uplink-batch.json", "site-grant.json",
        "event-token-presented.json", "command-unlock-maintenance.json",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Mutated_payloads_never_throw_from_any_decoder(int seed)
    {
        var random = new Random(seed);
        var reader = new JsonReader();
        int decoded = 0;
        int refused = 0;
        for (int i = 0; i < 4000; i++)
        {
            byte[] payload = Mutate(Codec.Bytes(Codec.Golden(Goldens[random.Next(Goldens.Length)])), random);
            foreach ((object? message, DecodeError? error) in DecodeWithEveryDecoder(payload, reader))
            {
                // Exactly one of the two: a message, or the reason there is none.
                Assert.True((message is null) != (error is null));
                if (message is null)
                {
                    refused++;
                    Assert.NotEqual(DecodeStatus.Ok, error!.Status);
                }
                else
                {
                    decoded++;
                }
            }
        }

        // Both outcomes must occur, or the mutations are too weak (or too strong) to mean anything.
        Assert.True(decoded > 0 && refused > 0, $"decoded {decoded}, refused {refused}");
    }

    private static IEnumerable<(object?, DecodeError?)> DecodeWithEveryDecoder(byte[] p, JsonReader r)
    {
        DecodeError? error;
        yield return (DeviceEvent.Decode(p, 0, p.Length, r, out error), error);
        yield return (DeviceCommand.Decode(p, 0, p.Length, r, out error, out _), error);
        yield return (CommandAck.Decode(p, 0, p.Length, r, out error), error);
        yield return (DeviceState.Decode(p, 0, p.Length, r, out error), error);
        yield return (Availability.Decode(p, 0, p.Length, r, out error), error);
        yield return (UplinkBatch.Decode(p, 0, p.Length, r, out error), error);
        yield return (SiteCommand.Decode(p, 0, p.Length, r, out error), error);
    }

    // Characters that change JSON structure, which is where parser bugs hide.
    private const string Structural = "{}[]\",:\\0-e.u";

    private static byte[] Mutate(byte[] payload, Random random)
    {
        var bytes = payload.ToList();
        int edits = 1 + random.Next(3);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.RemoveAt(at); break;
                case 2: bytes.Insert(at, (byte)Structural[random.Next(Structural.Length)]); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }

        return bytes.ToArray();
    }
}
