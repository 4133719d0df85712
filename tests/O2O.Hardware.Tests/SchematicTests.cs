using O2O.Hardware.Tests.Support;

namespace O2O.Hardware.Tests;

/// <summary>The KiCad project is well formed and its nets match the board definition, pin by pin.</summary>
public sealed class SchematicTests
{
    private static readonly Lazy<KiCadProject> Project = new(() => KiCadProject.Load(Files.RootSchematic));
    private static readonly Lazy<BoardCheck> Check = new(() => BoardCheck.Create(Project.Value, Files.Board(), Files.Models()));

    public static TheoryData<string> Functions() => new(Files.Board().Functions.Select(f => f.Name));

    [Fact]
    public void Every_sheet_is_a_KiCad_6_schematic_with_its_symbols_embedded()
    {
        var files = Project.Value.Instances.Select(i => i.File).Distinct().ToList();

        Assert.Equal(10, files.Count);
        Assert.All(files, f => Assert.Equal("20211123", f.Version));
        Assert.All(files, f => Assert.Empty(f.MissingLibSymbols));
    }

    [Fact]
    public void The_root_sheet_has_one_sheet_per_function()
    {
        var root = Project.Value.Instances.Single(i => i.Path == "/").File;

        Assert.Equal(
            ["buzzer.kicad_sch", "display.kicad_sch", "inputs.kicad_sch", "latches.kicad_sch", "mcu.kicad_sch", "power_in.kicad_sch",
             "power_supply.kicad_sch", "tags_status.kicad_sch", "usb_console.kicad_sch"],
            root.Sheets.Select(s => s.File).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Each_function_is_a_net_of_that_name_on_its_GPIO(string function)
    {
        BoardFunction fn = Files.Board().Functions.Single(f => f.Name == function);
        PinRef modulePin = Check.Value.ModulePins[Wroom32E.PinOfGpio[fn.Gpio]];

        Assert.Contains(function, Check.Value.Netlist.Names(Check.Value.Netlist.NetOf(modulePin)));
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Each_function_net_leaves_the_MCU_sheet_for_the_circuit_it_serves(string function)
    {
        Netlist net = Check.Value.Netlist;
        int id = net.NetsNamed(function).Single();

        // the module pin plus at least one part (resistor, connector, transistor) on another sheet
        var sheets = net.PinsOn(id).Select(p => p.Sheet).Distinct().ToList();
        Assert.True(sheets.Count >= 2, $"{function} only reaches {string.Join(", ", net.PinsOn(id))}");
    }

    [Fact]
    public void The_shipped_schematic_obeys_every_rule()
    {
        var findings = BoardCheck.Run(Project.Value, Files.Board(), Files.Models());

        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public void The_UART0_bridge_and_auto_reset_reach_the_module()
    {
        Netlist net = Check.Value.Netlist;
        string NetAt(string pin) => net.Describe(net.NetOf(Check.Value.ModulePins[pin]));

        Assert.Equal("U0TXD", NetAt("35"));
        Assert.Equal("U0RXD", NetAt("34"));
        Assert.Equal("EN", NetAt("3"));
        Assert.Equal("IO0", NetAt("25"));
        Assert.Equal(BoardCheck.Supply3V3, NetAt("2"));
        Assert.All(new[] { "1", "15", "38", "39" }, pin => Assert.Equal(BoardCheck.Ground, NetAt(pin)));
        // EN and IO0 are driven by the two auto-reset transistors' collectors on the USB sheet
        Assert.Contains(net.PinsOn(net.NetOf(Check.Value.ModulePins["3"])), p => p.Reference.StartsWith('Q') && p.Pin.Name == "C");
        Assert.Contains(net.PinsOn(net.NetOf(Check.Value.ModulePins["25"])), p => p.Reference.StartsWith('Q') && p.Pin.Name == "C");
    }

    [Fact]
    public void Every_latch_and_relay_output_of_every_model_has_a_driver_on_this_board()
    {
        var coils = Files.Models().SelectMany(m => m.Coils).ToHashSet();

        Assert.Equal(["OUT1", "OUT2", "OUT3", "OUT4"], coils.Order(StringComparer.Ordinal));
        Assert.All(coils, c => Assert.Single(Check.Value.Netlist.NetsNamed(c)));
    }
}
