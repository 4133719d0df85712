using System.Text;
using O2O.Firmware.Core.Definitions;
using O2O.Firmware.Core.Tests.Support;
using O2O.Protocol;

namespace O2O.Firmware.Core.Tests;

/// <summary>The shipped definition files parse and obey the board; broken ones are refused with the reason.</summary>
public sealed class DefinitionTests
{
    private static string[] ModelNames() => Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "definitions"), "*.json")
        .Select(file => Path.GetFileNameWithoutExtension(file)).Where(name => !name.StartsWith("board-")).ToArray();

    public static TheoryData<string> Models() => new(ModelNames());

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_shipped_device_definition_parses_against_the_board(string model)
    {
        DeviceDefinition definition = DefinitionFiles.Device(model);

        Assert.Equal(model, definition.Model);
        Assert.True(definition.Slots.Length > 0 || definition.Session is not null);
    }

    [Fact]
    public void All_five_device_kinds_are_defined()
    {
        var kinds = ModelNames().Select(model => DefinitionFiles.Device(model).Kind).ToHashSet();

        Assert.Equal(["karaoke", "locker", "massage_chair", "powerbank", "umbrella"], kinds.Order());
    }

    [Fact]
    public void The_board_maps_functions_to_gpios()
    {
        BoardDefinition board = DefinitionFiles.Board();

        Assert.Equal(13, board.Pin("OUT1"));
        Assert.Equal(34, board.Pin("IN1"));
        Assert.True(board.IsOutput("OUT4"));
        Assert.True(board.IsInput("IN8"));
        Assert.Equal(-1, board.Pin("OUT9"));
        Assert.Contains("I2C_SDA", board.Functions());
    }

    [Theory]
    [InlineData("\"OUT1\": 13", "\"OUT1\": 7", "GPIO 7 is not usable")]
    [InlineData("\"OUT1\": 13", "\"OUT1\": 35", "input-only")]
    [InlineData("\"OUT1\": 13", "\"OUT1\": 25", "already used")]
    [InlineData("\"v\": 1", "\"v\": 2", "only 1 is supported")]
    [InlineData("\"mcu\": \"ESP32-WROOM-32E\",", "", "mcu: required")]
    public void A_broken_board_is_refused_with_the_reason(string from, string to, string reason)
    {
        string json = File.ReadAllText(DefinitionFiles.Path("board-o2o-ctrl-1.json")).Replace(from, to);

        Assert.Null(DefinitionFiles.ParseBoard(Encoding.UTF8.GetBytes(json), out DecodeError? error));
        Assert.Contains(reason, error!.Detail);
    }

    [Theory]
    [InlineData("\"latch\": \"OUT1\", \"door\": \"IN1\"", "\"latch\": \"IN1\", \"door\": \"IN1\"", "IN1 is not an output")]
    [InlineData("\"latch\": \"OUT2\"", "\"latch\": \"OUT1\"", "OUT1 is already used")]
    [InlineData("\"door\": \"IN1\"", "\"door\": \"OUT9\"", "OUT9 is not an input")]
    [InlineData("\"latch\": \"OUT1\", \"door\": \"IN1\", ", "\"latch\": \"OUT1\", ", "door: required for powerbank")]
    [InlineData("\"kind\": \"powerbank\"", "\"kind\": \"toaster\"", "unknown device kind")]
    [InlineData("\"board\": \"o2o-ctrl-1\"", "\"board\": \"o2o-ctrl-9\"", "expected o2o-ctrl-1")]
    [InlineData("\"latchPulseMs\": 400", "\"latchPulseMs\": 1500", "longer than latchMaxOnMs")]
    [InlineData("\"latchMaxOnMs\": 800", "\"latchMaxOnMs\": 999999", "must be 50 to 3000")]
    [InlineData("\"doorEscalateMs\": 120000", "\"doorEscalateMs\": 1000", "must come after doorReminderMs")]
    [InlineData("\"openTimeoutMs\": 3000,", "", "openTimeoutMs: required")]
    [InlineData("\"display\": \"ssd1306\"", "\"display\": \"crt\"", "ssd1306 or st7789")]
    [InlineData("\"slots\": [", "\"slots\": 5, \"x\": [", "expected an array")]
    public void A_broken_device_definition_is_refused_with_the_reason(string from, string to, string reason)
    {
        string original = File.ReadAllText(DefinitionFiles.Path("powerbank-4.json"));
        Assert.Contains(from, original);

        Assert.Null(DefinitionFiles.ParseDevice(Encoding.UTF8.GetBytes(original.Replace(from, to)), out DecodeError? error));
        Assert.Contains(reason, error!.Detail);
    }

    [Fact]
    public void Garbage_is_refused_not_thrown()
    {
        Assert.Null(DefinitionFiles.ParseDevice([0xff, 0x00, (byte)'{'], out DecodeError? error));
        Assert.NotNull(error);
    }
}
