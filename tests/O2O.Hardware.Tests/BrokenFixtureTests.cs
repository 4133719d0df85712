using O2O.Hardware.Tests.Support;

namespace O2O.Hardware.Tests;

/// <summary>
/// Proof that the checks bite: each fixture under Fixtures/ differs from the shipped design by one deliberate mistake
/// (written by hardware/schematics/tools/generate.py), and each must produce its own specific finding.
/// </summary>
public sealed class BrokenFixtureTests
{
    private static IReadOnlyList<Finding> RunWithBoard(string boardFixture) =>
        BoardCheck.Run(KiCadProject.Load(Files.RootSchematic), BoardDefinition.Load(Files.Fixture(boardFixture)), Files.Models());

    private static IReadOnlyList<Finding> RunWithSheet(string sheetFile, string fixtureDir) =>
        BoardCheck.Run(KiCadProject.Load(Files.RootSchematic, new Dictionary<string, string> { [sheetFile] = Files.Fixture(fixtureDir, sheetFile) }),
            Files.Board(), Files.Models());

    [Theory]
    [InlineData("board-out1-on-gpio12.json", 12)]
    [InlineData("board-out1-on-gpio2.json", 2)]
    public void A_definition_moving_OUT1_onto_a_strapping_pin_fails_twice(string fixture, int gpio)
    {
        var findings = RunWithBoard(fixture);

        // the schematic still wires OUT1 to GPIO13 ...
        Assert.Contains(findings, f => f.Rule == Rule.NetWrongGpio && f.Function == "OUT1" && f.Message.Contains($"GPIO{gpio} ") &&
                                       f.Message.Contains("module pin 16 (GPIO13)"));
        // ... and a latch must never sit on a strapping pin anyway
        Assert.Contains(findings, f => f.Rule == Rule.DriveOnStrappingPin && f.Function == "OUT1" && f.Message.Contains($"GPIO{gpio},"));
        Assert.DoesNotContain(findings, f => f.Function is "OUT2" or "OUT3" or "OUT4");
    }

    [Fact]
    public void A_definition_naming_a_function_the_schematic_lacks_fails()
    {
        var findings = RunWithBoard("board-unknown-function.json");

        Assert.Contains(findings, f => f.Rule == Rule.NetMissing && f.Function == "BUZZER" && f.Message == "the schematic has no net named BUZZER");
        // the models still need BEEP, which the broken definition no longer has
        Assert.Contains(findings, f => f.Rule == Rule.NetMissing && f.Function == "BEEP");
    }

    [Fact]
    public void A_latch_without_its_flyback_diode_fails()
    {
        var findings = RunWithSheet("latches.kicad_sch", "no-flyback");

        Finding finding = Assert.Single(findings);
        Assert.Equal(Rule.MissingFlyback, finding.Rule);
        Assert.Equal("OUT1", finding.Function);
        Assert.Contains("+VIN", finding.Message);
    }

    [Fact]
    public void An_input_only_pin_without_its_pull_up_fails()
    {
        var findings = RunWithSheet("inputs.kicad_sch", "no-pullup-in1");

        Finding finding = Assert.Single(findings);
        Assert.Equal(Rule.MissingPullUp, finding.Rule);
        Assert.Equal("IN1", finding.Function);
        Assert.Contains("GPIO34", finding.Message);
    }

    [Fact]
    public void The_fixtures_really_differ_from_the_shipped_sheets_by_one_part()
    {
        int Count(string path) => SchematicFile.Load(path).Symbols.Count(s => !s.IsVirtual);
        string shipped = Path.GetDirectoryName(Files.RootSchematic)!;

        Assert.Equal(Count(Path.Combine(shipped, "latches.kicad_sch")) - 1, Count(Files.Fixture("no-flyback", "latches.kicad_sch")));
        Assert.Equal(Count(Path.Combine(shipped, "inputs.kicad_sch")) - 1, Count(Files.Fixture("no-pullup-in1", "inputs.kicad_sch")));
    }
}
