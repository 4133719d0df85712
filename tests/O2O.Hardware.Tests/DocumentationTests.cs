using System.Text.RegularExpressions;
using O2O.Hardware.Tests.Support;

namespace O2O.Hardware.Tests;

/// <summary>The BOM and the pinout table agree with the schematic and the board definition.</summary>
public sealed partial class DocumentationTests
{
    [Fact]
    public void The_BOM_lists_every_part_of_the_schematic_exactly_once()
    {
        var project = KiCadProject.Load(Files.RootSchematic);
        var references = project.Instances.SelectMany(i => i.File.Symbols).Where(s => !s.IsVirtual).Select(s => s.Reference).ToList();
        var lines = File.ReadAllLines(Path.Combine(Files.Base, "schematics", "bom.csv"));

        Assert.Equal("Designators,Qty,Value,Footprint,Manufacturer,MPN", lines[0]);
        var bomRefs = lines.Skip(1).SelectMany(l => l.Split(',')[0].Trim('"').Split(' ')).ToList();
        Assert.Equal(references.Order(StringComparer.Ordinal), bomRefs.Order(StringComparer.Ordinal));
        Assert.Equal(references.Count, references.Distinct().Count());
        Assert.All(lines.Skip(1), l => Assert.DoesNotContain(",,", l));
    }

    [Fact]
    public void The_pinout_table_matches_the_board_definition()
    {
        string doc = File.ReadAllText(Path.Combine(Files.Base, "docs", "pinout.md"));
        var rows = Row().Matches(doc).ToDictionary(m => m.Groups["fn"].Value, m => (Gpio: int.Parse(m.Groups["gpio"].Value), Pin: m.Groups["pin"].Value));

        BoardDefinition board = Files.Board();
        Assert.Equal(board.Functions.Count, rows.Count);
        Assert.All(board.Functions, f =>
        {
            Assert.True(rows.TryGetValue(f.Name, out var row), $"{f.Name} missing from docs/pinout.md");
            Assert.Equal(f.Gpio, row.Gpio);
            Assert.Equal(Wroom32E.PinOfGpio[f.Gpio], row.Pin);
        });
    }

    // | `OUT1` | 13 | 16 | ...
    [GeneratedRegex(@"^\| `(?<fn>[A-Z0-9_]+)` \| (?<gpio>\d+) \| (?<pin>\d+)\b", RegexOptions.Multiline)]
    private static partial Regex Row();
}
