using O2O.Protocol.Json;

namespace O2O.Protocol.Tests;

/// <summary>Inputs the fuzzer (bench/O2O.Bench.Fuzz) found to break a property, kept so they stay fixed.</summary>
public sealed class FuzzFindingsTests
{
    // The decoder accepts an ack without "boot" (older firmware sends none) but the encoder wrote "boot":"",
    // which the decoder refuses: an ack that decoded could not be sent on again.
    [Fact]
    public void An_ack_without_a_boot_id_re_encodes_to_an_ack_that_decodes()
    {
        byte[] payload = Codec.Bytes("{\"v\":1,\"id\":\"unlock-ord-1\",\"outcome\":\"ok\",\"ts\":0}");
        var reader = new JsonReader();
        CommandAck ack = CommandAck.Decode(payload, 0, payload.Length, reader, out _)!;

        byte[] again = Codec.Bytes(Codec.Encode(ack.WriteTo));

        Assert.NotNull(CommandAck.Decode(again, 0, again.Length, reader, out DecodeError? error));
        Assert.Null(error);
        Assert.Equal("", ack.BootId);
    }
}
