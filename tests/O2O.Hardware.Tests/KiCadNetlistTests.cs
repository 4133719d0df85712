using O2O.Hardware.Tests.Support;

namespace O2O.Hardware.Tests;

/// <summary>
/// The test's own net resolver agrees with KiCad's: hardware/schematics/verification/o2o-ctrl-1.kicad-export.net was exported
/// by eeschema 6.0.11 (File → Export → Netlist, KiCad format) from these sheets. If the schematic changes, re-export it
/// (see hardware/schematics/README.md); this test then fails until KiCad's view and ours match again.
/// </summary>
public sealed class KiCadNetlistTests
{
    private static readonly string ExportPath = Path.Combine(Files.Base, "verification", "o2o-ctrl-1.kicad-export.net");

    private static IReadOnlyList<(string Name, HashSet<string> Nodes)> KiCadNets()
    {
        SExpr export = SExpr.Parse(File.ReadAllText(ExportPath));
        return export.Required("nets").Children("net")
            .Select(n => (n.Required("name")[1], n.Children("node").Select(x => $"{x.Required("ref")[1]}.{x.Required("pin")[1]}").ToHashSet()))
            .ToList();
    }

    [Fact]
    public void Every_KiCad_net_is_the_same_set_of_pins_in_our_netlist()
    {
        var netlist = new Netlist(KiCadProject.Load(Files.RootSchematic));
        var byNode = netlist.Pins.Where(p => !p.Symbol.IsVirtual).ToDictionary(p => $"{p.Reference}.{p.Pin.Number}");
        var kicad = KiCadNets();

        Assert.True(kicad.Count > 50, "the export has too few nets");
        Assert.All(kicad, net =>
        {
            PinRef first = byNode[net.Nodes.First()];
            var ours = netlist.PinsOn(netlist.NetOf(first)).Select(p => $"{p.Reference}.{p.Pin.Number}").ToHashSet();
            Assert.True(ours.SetEquals(net.Nodes), $"{net.Name}: KiCad {string.Join(" ", net.Nodes.Order())} / ours {string.Join(" ", ours.Order())}");
            string shortName = net.Name[(net.Name.LastIndexOf('/') + 1)..];
            if (!net.Name.StartsWith("Net-(", StringComparison.Ordinal) && !net.Name.StartsWith("unconnected-(", StringComparison.Ordinal))
            {
                Assert.Contains(shortName, netlist.Names(netlist.NetOf(first)));
            }
        });
        // and every pin we know is somewhere in KiCad's export
        var all = kicad.SelectMany(n => n.Nodes).ToHashSet();
        Assert.All(byNode.Keys, k => Assert.Contains(k, all));
    }
}
