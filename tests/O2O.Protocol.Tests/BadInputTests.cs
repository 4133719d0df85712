using O2O.Protocol.Json;

namespace O2O.Protocol.Tests;

/// <summary>Every way a payload can be wrong yields its typed error, with no exception and no half-built message.</summary>
public sealed class BadInputTests
{
    private readonly JsonReader _reader = new();

    [Theory]
    [InlineData("", DecodeStatus.Truncated)]
    [InlineData("   ", DecodeStatus.Truncated)]
    [InlineData("{", DecodeStatus.Truncated)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlo", DecodeStatus.Truncated)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"reboot\"", DecodeStatus.Truncated)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"reboot\",\"slot\":", DecodeStatus.Truncated)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"reboot\",\"slot\":-", DecodeStatus.Truncated)]
    [InlineData("[1,2]", DecodeStatus.Malformed)]
    [InlineData("hello", DecodeStatus.Malformed)]
    [InlineData("{\"v\":1 \"id\":\"c-1\"}", DecodeStatus.Malformed)]
    [InlineData("{v:1}", DecodeStatus.Malformed)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"reboot\"} trailing", DecodeStatus.Malformed)]
    [InlineData("{\"v\":1,\"id\":\"c\u0001\",\"type\":\"reboot\"}", DecodeStatus.Malformed)]
    [InlineData("{\"v\":1,\"id\":\"c\\q\",\"type\":\"reboot\"}", DecodeStatus.Malformed)]
    [InlineData("{\"v\":1,\"id\":\"c\\u12G4\",\"type\":\"reboot\"}", DecodeStatus.Malformed)]
    [InlineData("{\"v\":01,\"id\":\"c-1\",\"type\":\"reboot\"}", DecodeStatus.Malformed)]
    [InlineData("{\"v\":2,\"id\":\"c-1\",\"type\":\"reboot\"}", DecodeStatus.WrongVersion)]
    [InlineData("{\"v\":0,\"id\":\"c-1\",\"type\":\"reboot\"}", DecodeStatus.WrongVersion)]
    [InlineData("{\"v\":\"1\",\"id\":\"c-1\",\"type\":\"reboot\"}", DecodeStatus.WrongType)]
    [InlineData("{\"v\":1,\"id\":7,\"type\":\"reboot\"}", DecodeStatus.WrongType)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"slot\":\"2\",\"order\":\"o\"}", DecodeStatus.WrongType)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"slot\":2.5,\"order\":\"o\"}", DecodeStatus.WrongType)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"slot\":true,\"order\":\"o\"}", DecodeStatus.WrongType)]
    [InlineData("{\"v\":1,\"type\":\"reboot\"}", DecodeStatus.MissingField)]
    [InlineData("{\"id\":\"c-1\",\"type\":\"reboot\"}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"id\":\"c-1\"}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"order\":\"o\"}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"slot\":1}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"beep\"}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"set_config\",\"key\":\"k\"}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"slot\":64,\"order\":\"o\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"slot\":-1,\"order\":\"o\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"reserve\",\"slot\":1,\"minutes\":0}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"id\":\"\",\"type\":\"reboot\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":99999999999999999999,\"id\":\"c-1\",\"type\":\"reboot\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"self_destruct\"}", DecodeStatus.UnknownType)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"slot\":1,\"mode\":\"service\",\"value\":\"tech-7\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"slot\":1,\"mode\":\"maintenance\"}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"slot\":1,\"mode\":\"maintenance\",\"order\":\"o\"}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"slot\":1,\"mode\":\"maintenance\",\"value\":null}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"mode\":\"maintenance\",\"value\":\"tech-7\"}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"slot\":1,\"mode\":\"maintenance\",\"value\":7}", DecodeStatus.WrongType)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"slot\":1,\"mode\":\"maintenance\",\"value\":\"\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"slot\":1,\"mode\":\"maintenance\",\"value\":\"tech 7\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"slot\":1,\"mode\":\"maintenance\",\"value\":\"tech.7\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"slot\":1,\"mode\":\"maintenance\",\"value\":\"t\u00e9ch\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"id\":\"c-1\",\"type\":\"unlock\",\"slot\":1,\"mode\":\"maintenance\",\"value\":\"" + "abcdefghijklmnopqrstuvwxyz0123456" + "\"}", DecodeStatus.InvalidValue)]
    public void Command_decode_reports_the_typed_error(string json, DecodeStatus expected)
    {
        byte[] bytes = Codec.Bytes(json);

        DeviceCommand? command = DeviceCommand.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error, out _);

        Assert.Null(command);
        Assert.NotNull(error);
        Assert.Equal(expected, error.Status);
        Assert.False(string.IsNullOrEmpty(error.Detail));
    }

    [Fact]
    public void A_command_that_fails_after_its_id_was_read_still_reports_the_id_so_it_can_be_rejected()
    {
        byte[] bytes = Codec.Bytes("{\"v\":1,\"id\":\"c-77\",\"type\":\"unlock\",\"slot\":99,\"order\":\"o\"}");

        Assert.Null(DeviceCommand.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error, out string? id));

        Assert.Equal(DecodeStatus.InvalidValue, error!.Status);
        Assert.Equal("c-77", id);
    }

    [Fact]
    public void A_maintenance_unlock_with_a_bad_technician_id_still_reports_its_id_so_it_can_be_rejected()
    {
        byte[] bytes = Codec.Bytes("{\"v\":1,\"id\":\"maint-1\",\"type\":\"unlock\",\"slot\":1,\"mode\":\"maintenance\",\"value\":\"a/b\"}");

        Assert.Null(DeviceCommand.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error, out string? id));

        Assert.Equal("invalid_value: value: technician id must be 1 to 32 of [A-Za-z0-9_-] for a maintenance unlock", error!.ToString());
        Assert.Equal("maint-1", id);
    }

    [Theory]
    [InlineData("t")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]
    [InlineData("Field_Tech-42")]
    public void Maintenance_unlocks_take_any_valid_technician_id_and_need_no_order(string technician)
    {
        byte[] bytes = Codec.Bytes("{\"v\":1,\"id\":\"m\",\"type\":\"unlock\",\"slot\":0,\"mode\":\"maintenance\",\"value\":\"" + technician + "\"}");

        DeviceCommand? command = DeviceCommand.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error, out _);

        Assert.Null(error);
        Assert.Equal((DeviceCommand.MaintenanceMode, technician, (string?)null), (command!.Mode, command.Text, command.OrderId));
    }

    [Fact]
    public void Oversized_payloads_are_refused_before_parsing()
    {
        byte[] bytes = Codec.Bytes("{\"v\":1,\"id\":\"c-1\",\"type\":\"reboot\",\"pad\":\"" + new string('x', ProtocolLimits.MaxDevicePayloadBytes) + "\"}");

        Assert.Null(DeviceCommand.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error, out _));

        Assert.Equal(DecodeStatus.Oversized, error!.Status);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_not_recursed()
    {
        string deep = new string('[', 200) + new string(']', 200);
        byte[] bytes = Codec.Bytes("{\"v\":1,\"id\":\"c-1\",\"type\":\"reboot\",\"x\":" + deep + "}");

        Assert.Null(DeviceCommand.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error, out _));

        Assert.Equal(DecodeStatus.Oversized, error!.Status);
    }

    [Theory]
    [InlineData("{\"v\":1,\"boot\":\"b\",\"seq\":0,\"type\":\"boot\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"boot\":\"b\",\"seq\":1,\"type\":\"teleported\"}", DecodeStatus.UnknownType)]
    [InlineData("{\"v\":1,\"boot\":\"b\",\"type\":\"boot\"}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"seq\":1,\"type\":\"boot\"}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"dev\":\"a/b\",\"boot\":\"b\",\"seq\":1,\"type\":\"boot\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"boot\":\"b\",\"seq\":1,\"type\":\"boot\",\"order\":\"" + "0123456789012345678901234567890123456789012345678901234567890123456789" + "\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"boot\":\"b\",\"seq\":1,\"type\":\"boot\",\"item\":\"\xC3\x28\"}", DecodeStatus.Malformed)]
    [InlineData("{\"v\":1,\"boot\":\"b\",\"seq\":1,\"type\":\"token_presented\",\"slot\":1}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"boot\":\"b\",\"seq\":1,\"type\":\"token_presented\",\"token\":null}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"boot\":\"b\",\"seq\":1,\"type\":\"dispensed\",\"slot\":1,\"token\":\"482913570264\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"boot\":\"b\",\"seq\":1,\"token\":\"482913570264\",\"type\":\"heartbeat\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"boot\":\"b\",\"seq\":1,\"type\":\"token_presented\",\"token\":\"\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"boot\":\"b\",\"seq\":1,\"type\":\"token_presented\",\"token\":\"eyJh.c2ln\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"boot\":\"b\",\"seq\":1,\"type\":\"token_presented\",\"token\":\"abc+/=\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"boot\":\"b\",\"seq\":1,\"type\":\"token_presented\",\"token\":\"4829 1357 0264\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"boot\":\"b\",\"seq\":1,\"type\":\"token_presented\",\"token\":\"48291357026\\u0000\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"boot\":\"b\",\"seq\":1,\"type\":\"token_presented\",\"token\":482913570264}", DecodeStatus.WrongType)]
    [InlineData("{\"v\":1,\"boot\":\"b\",\"seq\":1,\"type\":\"token_presented\",\"slot\":64,\"token\":\"482913570264\"}", DecodeStatus.InvalidValue)]
    public void Event_decode_reports_the_typed_error(string json, DecodeStatus expected)
    {
        byte[] bytes = json.Contains('\xC3') ? Latin1WithRawBytes(json) : Codec.Bytes(json);

        Assert.Null(DeviceEvent.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error));

        Assert.Equal(expected, error!.Status);
    }

    [Theory]
    [InlineData(ProtocolLimits.MaxPresentedTokenLength + 1, DecodeStatus.Oversized)]
    [InlineData(ProtocolLimits.MaxPresentedTokenLength, DecodeStatus.Ok)]
    public void A_presented_token_may_be_at_most_400_characters(int length, DecodeStatus expected)
    {
        byte[] bytes = Codec.Bytes("{\"v\":1,\"boot\":\"b\",\"seq\":1,\"type\":\"token_presented\",\"token\":\"" + new string('7', length) + "\"}");

        DeviceEvent? evt = DeviceEvent.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error);

        Assert.Equal(expected, error?.Status ?? DecodeStatus.Ok);
        Assert.Equal(expected == DecodeStatus.Ok, evt is not null);
    }

    [Fact]
    public void A_batch_refuses_a_token_smuggled_into_an_ordinary_event()
    {
        byte[] bytes = Codec.Bytes("{\"v\":1,\"site\":\"s\",\"batch\":\"b\",\"events\":[{\"v\":1,\"dev\":\"d\",\"boot\":\"b\",\"seq\":1,\"type\":\"boot\",\"token\":\"482913570264\"}]}");

        Assert.Null(UplinkBatch.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error));

        Assert.Equal("invalid_value: token: allowed only on token_presented", error!.ToString());
    }

    [Theory]
    [InlineData("{\"v\":1,\"id\":\"a\",\"outcome\":\"maybe\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"id\":\"a\",\"outcome\":\"failed\"}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"outcome\":\"ok\"}", DecodeStatus.MissingField)]
    public void Ack_decode_reports_the_typed_error(string json, DecodeStatus expected)
    {
        byte[] bytes = Codec.Bytes(json);

        Assert.Null(CommandAck.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error));

        Assert.Equal(expected, error!.Status);
    }

    [Theory]
    [InlineData("{\"v\":1,\"dev\":\"d\",\"kind\":\"k\"}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"dev\":\"d\",\"kind\":\"k\",\"slots\":{}}", DecodeStatus.WrongType)]
    [InlineData("{\"v\":1,\"dev\":\"d\",\"kind\":\"k\",\"slots\":[{\"n\":0}]}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"dev\":\"d\",\"kind\":\"k\",\"slots\":[{\"n\":0,\"state\":\"idle\",\"door\":\"no\"}]}", DecodeStatus.WrongType)]
    public void State_decode_reports_the_typed_error(string json, DecodeStatus expected)
    {
        byte[] bytes = Codec.Bytes(json);

        Assert.Null(DeviceState.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error));

        Assert.Equal(expected, error!.Status);
    }

    [Theory]
    [InlineData("{\"v\":1,\"site\":\"s\",\"batch\":\"b\",\"events\":[{\"v\":1,\"boot\":\"b\",\"seq\":1,\"type\":\"boot\"}]}", DecodeStatus.MissingField)]
    [InlineData("{\"v\":1,\"site\":\"s/1\",\"batch\":\"b\",\"events\":[]}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"site\":\"s\",\"batch\":\"b\",\"events\":[{\"v\":2,\"dev\":\"d\",\"boot\":\"b\",\"seq\":1,\"type\":\"boot\"}]}", DecodeStatus.WrongVersion)]
    public void Batch_decode_refuses_the_whole_batch_for_one_bad_event(string json, DecodeStatus expected)
    {
        byte[] bytes = Codec.Bytes(json);

        Assert.Null(UplinkBatch.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error));

        Assert.Equal(expected, error!.Status);
    }

    [Theory]
    [InlineData("{\"v\":1,\"id\":\"g\",\"type\":\"wire_money\",\"body\":\"x\"}", DecodeStatus.UnknownType)]
    [InlineData("{\"v\":1,\"id\":\"g\",\"type\":\"grant\",\"body\":\"\"}", DecodeStatus.InvalidValue)]
    [InlineData("{\"v\":1,\"id\":\"g\",\"type\":\"grant\"}", DecodeStatus.MissingField)]
    public void Site_command_decode_reports_the_typed_error(string json, DecodeStatus expected)
    {
        byte[] bytes = Codec.Bytes(json);

        Assert.Null(SiteCommand.Decode(bytes, 0, bytes.Length, _reader, out DecodeError? error));

        Assert.Equal(expected, error!.Status);
    }

    [Fact]
    public void A_reader_is_reusable_after_an_error()
    {
        byte[] bad = Codec.Bytes("{\"v\":9}");
        byte[] good = Codec.Bytes(Codec.Golden("command-unlock.json"));

        Assert.Null(DeviceCommand.Decode(bad, 0, bad.Length, _reader, out _, out _));
        Assert.NotNull(DeviceCommand.Decode(good, 0, good.Length, _reader, out DecodeError? error, out _));
        Assert.Null(error);
    }

    [Fact]
    public void Offsets_outside_the_buffer_are_refused_not_thrown()
    {
        byte[] bytes = Codec.Bytes("{}");

        Assert.Null(DeviceEvent.Decode(bytes, 1, 5, _reader, out DecodeError? error));

        Assert.Equal(DecodeStatus.Truncated, error!.Status);
    }

    // Builds bytes where \xC3 and \x28 stand for raw bytes (an invalid UTF-8 sequence).
    private static byte[] Latin1WithRawBytes(string json) => json.Select(c => (byte)c).ToArray();
}
