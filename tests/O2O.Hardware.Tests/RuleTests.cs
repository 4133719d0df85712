using O2O.Hardware.Tests.Support;

namespace O2O.Hardware.Tests;

/// <summary>The ESP32 pin rules on their own, against the shipped definition and against in-memory variants.</summary>
public sealed class RuleTests
{
    private static readonly Lazy<KiCadProject> Project = new(() => KiCadProject.Load(Files.RootSchematic));

    private static IReadOnlyList<Finding> WithFunction(string name, int gpio, PinGroup group)
    {
        BoardDefinition board = Files.Board();
        var functions = board.Functions.Where(f => f.Name != name).Append(new BoardFunction(name, gpio, group)).ToList();
        return BoardCheck.Run(Project.Value, board with { Functions = functions }, Files.Models());
    }

    [Fact]
    public void The_module_pin_map_covers_every_GPIO_the_WROOM_32E_brings_out()
    {
        Assert.Equal(26, Wroom32E.GpioOfPin.Count);
        Assert.Equal(Wroom32E.GpioOfPin.Count, Wroom32E.PinOfGpio.Count);
        Assert.DoesNotContain(Wroom32E.GpioOfPin.Values, Wroom32E.IsFlash);
        Assert.Equal("14", Wroom32E.PinOfGpio[12]);
        Assert.Equal("35", Wroom32E.PinOfGpio[1]);
        Assert.Equal("4", Wroom32E.PinOfGpio[36]);
    }

    [Fact]
    public void No_drive_of_the_shipped_board_is_on_a_strapping_boot_glitch_or_input_only_pin()
    {
        BoardDefinition board = Files.Board();
        var drives = Files.Models().SelectMany(m => m.Coils).Append("BEEP").ToHashSet();

        Assert.All(board.Functions.Where(f => drives.Contains(f.Name)), f =>
        {
            Assert.DoesNotContain(f.Gpio, Wroom32E.Strapping);
            Assert.DoesNotContain(f.Gpio, Wroom32E.BootGlitch);
        });
        Assert.DoesNotContain(board.Functions, f => f.Group == PinGroup.Output && Wroom32E.IsInputOnly(f.Gpio));
        Assert.DoesNotContain(board.Functions, f => Wroom32E.IsFlash(f.Gpio));
    }

    [Fact]
    public void The_buzzer_on_a_boot_glitch_pin_is_refused()
    {
        var findings = WithFunction("BEEP", 14, PinGroup.Output);

        Assert.Contains(findings, f => f.Rule == Rule.DriveOnBootGlitchPin && f.Function == "BEEP");
    }

    [Fact]
    public void An_output_on_an_input_only_pin_is_refused()
    {
        var findings = WithFunction("STATUS_LED", 35, PinGroup.Output);

        Assert.Contains(findings, f => f.Rule == Rule.OutputOnInputOnlyPin && f.Function == "STATUS_LED");
    }

    [Fact]
    public void A_flash_pin_is_refused()
    {
        var findings = WithFunction("TFT_DC", 9, PinGroup.Output);

        Assert.Contains(findings, f => f.Rule == Rule.FlashPin && f.Function == "TFT_DC");
    }

    [Fact]
    public void Two_functions_on_one_GPIO_are_a_short_in_the_schematic_check()
    {
        // IN8 moved onto OUT1's GPIO13: the definition names a pin whose net is OUT1
        var findings = WithFunction("IN8", 13, PinGroup.Input);

        Assert.Contains(findings, f => f.Rule == Rule.NetWrongGpio && f.Function == "IN8" && f.Message.Contains("now on OUT1"));
    }
}
