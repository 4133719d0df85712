namespace O2O.Hardware.Tests.Support;

public enum Rule
{
    ModuleMissing,
    NetMissing,
    NetWrongGpio,
    NetShorted,
    FlashPin,
    FlashPinConnected,
    NotOnModule,
    DriveOnStrappingPin,
    DriveOnBootGlitchPin,
    OutputOnInputOnlyPin,
    MissingPullUp,
    MissingDriver,
    MissingGatePullDown,
    MissingFlyback,
}

public sealed record Finding(Rule Rule, string Function, string Message)
{
    public override string ToString() => $"{Rule} [{Function}] {Message}";
}

/// <summary>Checks a schematic against a board definition and the device models that use the board.</summary>
public sealed class BoardCheck
{
    public const string Supply3V3 = "+3V3";
    public const string Ground = "GND";

    private readonly Netlist _net;
    private readonly BoardDefinition _board;
    private readonly IReadOnlyList<DeviceModel> _models;
    private readonly List<Finding> _findings = [];
    private readonly Dictionary<string, PinRef> _module = [];

    private BoardCheck(KiCadProject project, BoardDefinition board, IReadOnlyList<DeviceModel> models)
    {
        _net = new Netlist(project);
        _board = board;
        _models = models;
    }

    public Netlist Netlist => _net;

    public IReadOnlyDictionary<string, PinRef> ModulePins => _module;

    public static IReadOnlyList<Finding> Run(KiCadProject project, BoardDefinition board, IReadOnlyList<DeviceModel> models) =>
        Create(project, board, models)._findings;

    public static BoardCheck Create(KiCadProject project, BoardDefinition board, IReadOnlyList<DeviceModel> models)
    {
        var check = new BoardCheck(project, board, models);
        check.CheckAll();
        return check;
    }

    private void Fail(Rule rule, string function, string message) => _findings.Add(new Finding(rule, function, message));

    private void CheckAll()
    {
        var modules = _net.Pins.Where(p => p.Symbol.Lib.Id.EndsWith(":" + _board.Mcu, StringComparison.Ordinal))
            .GroupBy(p => (p.Sheet, p.Symbol.Reference)).ToList();
        if (modules.Count != 1)
        {
            Fail(Rule.ModuleMissing, _board.Mcu, $"expected exactly one {_board.Mcu} symbol, found {modules.Count}");
            return;
        }
        foreach (PinRef p in modules[0]) _module[p.Pin.Number] = p;

        CheckNets();
        CheckFlashPins();
        CheckDrives();
        CheckInputs();
        CheckLatchDrivers();
    }

    /// <summary>Every function is a net of that name on the module pin of its GPIO, and no two functions share a net.</summary>
    private void CheckNets()
    {
        foreach (BoardFunction fn in _board.Functions)
        {
            if (Wroom32E.IsFlash(fn.Gpio))
            {
                Fail(Rule.FlashPin, fn.Name, $"GPIO{fn.Gpio} belongs to the module's flash (GPIO6-11)");
                continue;
            }
            if (!Wroom32E.PinOfGpio.TryGetValue(fn.Gpio, out string? pinNumber))
            {
                Fail(Rule.NotOnModule, fn.Name, $"GPIO{fn.Gpio} is not brought out on the {_board.Mcu}");
                continue;
            }
            var named = _net.NetsNamed(fn.Name).ToList();
            if (named.Count == 0)
            {
                Fail(Rule.NetMissing, fn.Name, $"the schematic has no net named {fn.Name}");
                continue;
            }
            int atPin = _net.NetOf(_module[pinNumber]);
            if (_net.Names(atPin).Contains(fn.Name)) continue;
            var reached = _module.Values.Where(p => _net.Names(_net.NetOf(p)).Contains(fn.Name))
                .Select(p => Wroom32E.GpioOfPin.TryGetValue(p.Pin.Number, out int g) ? $"module pin {p.Pin.Number} (GPIO{g})" : $"module pin {p.Pin.Number}")
                .ToList();
            string where = reached.Count == 0 ? "no module pin" : string.Join(", ", reached);
            Fail(Rule.NetWrongGpio, fn.Name,
                $"the definition puts {fn.Name} on GPIO{fn.Gpio} (module pin {pinNumber}, now on {_net.Describe(atPin)}), but net {fn.Name} reaches {where}");
        }

        var functionNames = _board.Functions.Select(f => f.Name).ToHashSet();
        foreach (PinRef pin in _module.Values)
        {
            var names = _net.Names(_net.NetOf(pin)).Where(functionNames.Contains).Order(StringComparer.Ordinal).ToList();
            if (names.Count > 1)
            {
                Fail(Rule.NetShorted, string.Join("+", names), $"module pin {pin.Pin.Number} joins the nets {string.Join(", ", names)}");
            }
        }
    }

    /// <summary>Module pins 17-22 (internal flash on the WROOM-32 family) stay unconnected.</summary>
    private void CheckFlashPins()
    {
        foreach (string number in Wroom32E.FlashPins)
        {
            if (!_module.TryGetValue(number, out PinRef? pin)) continue;
            int net = _net.NetOf(pin);
            var others = _net.PinsOn(net).Where(p => p != pin).ToList();
            if (others.Count > 0 || _net.Names(net).Count > 0)
            {
                Fail(Rule.FlashPinConnected, $"pin {number}", $"module pin {number} (flash) is connected to {_net.Describe(net)}");
            }
        }
    }

    /// <summary>Latch, relay and buzzer drives avoid strapping and boot-glitching pins; nothing drives GPIO34-39.</summary>
    private void CheckDrives()
    {
        var gpio = _board.Functions.ToDictionary(f => f.Name, f => f);
        var drives = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (DeviceModel model in _models.Where(m => m.Board == _board.Board))
        {
            foreach (string latch in model.Latches) drives.TryAdd(latch, $"a latch ({model.Model})");
            if (model.Relay is { } relay) drives.TryAdd(relay, $"a session relay ({model.Model})");
        }
        drives.TryAdd("BEEP", "the buzzer");
        foreach ((string name, string what) in drives)
        {
            if (!gpio.TryGetValue(name, out BoardFunction? fn))
            {
                Fail(Rule.NetMissing, name, $"{name} drives {what} but the board definition has no such function");
                continue;
            }
            if (Wroom32E.Strapping.Contains(fn.Gpio))
            {
                Fail(Rule.DriveOnStrappingPin, name, $"{name} drives {what} on GPIO{fn.Gpio}, a strapping pin");
            }
            else if (Wroom32E.BootGlitch.Contains(fn.Gpio))
            {
                Fail(Rule.DriveOnBootGlitchPin, name, $"{name} drives {what} on GPIO{fn.Gpio}, which glitches at boot");
            }
        }
        foreach (BoardFunction fn in _board.Functions.Where(f => f.Group == PinGroup.Output && Wroom32E.IsInputOnly(f.Gpio)))
        {
            Fail(Rule.OutputOnInputOnlyPin, fn.Name, $"output {fn.Name} is on GPIO{fn.Gpio}, which is input-only");
        }
    }

    /// <summary>Inputs on GPIO34-39 (no internal pulls) have a resistor from their net to +3V3.</summary>
    private void CheckInputs()
    {
        foreach (BoardFunction fn in _board.Functions.Where(f => f.Group == PinGroup.Input && Wroom32E.IsInputOnly(f.Gpio)))
        {
            foreach (int net in _net.NetsNamed(fn.Name).Take(1))
            {
                bool pulled = TwoPinParts(net, "R").Any(other => _net.Names(other).Contains(Supply3V3));
                if (!pulled)
                {
                    Fail(Rule.MissingPullUp, fn.Name, $"{fn.Name} is on GPIO{fn.Gpio} (no internal pull) but has no pull-up resistor to {Supply3V3}");
                }
            }
        }
    }

    /// <summary>
    /// Each latch/relay output drives, through a series resistor, the gate of an N-MOSFET whose gate has a resistor to GND,
    /// and whose drain (the coil's low side) has a diode with the anode on the drain and the cathode on the coil's supply.
    /// </summary>
    private void CheckLatchDrivers()
    {
        var coils = _models.Where(m => m.Board == _board.Board).SelectMany(m => m.Coils).ToHashSet();
        foreach (string name in coils.Order(StringComparer.Ordinal))
        {
            int? net = _net.NetsNamed(name).Cast<int?>().FirstOrDefault();
            if (net is null) continue; // reported by CheckNets
            var gates = TwoPinParts(net.Value, "R")
                .SelectMany(g => _net.PinsOn(g).Where(p => p.Pin.Name == "G" && p.Reference.StartsWith('Q')).Select(q => (Gate: g, Fet: q)))
                .ToList();
            if (gates.Count == 0)
            {
                Fail(Rule.MissingDriver, name, $"{name} does not reach a MOSFET gate through a series resistor");
                continue;
            }
            foreach ((int gate, PinRef fet) in gates)
            {
                if (!TwoPinParts(gate, "R").Any(other => _net.Names(other).Contains(Ground)))
                {
                    Fail(Rule.MissingGatePullDown, name, $"the gate of {fet.Reference} ({name}) has no pull-down resistor to {Ground}");
                }
                PinRef? drainPin = _net.Pins.FirstOrDefault(p => p.Sheet == fet.Sheet && p.Symbol == fet.Symbol && p.Pin.Name == "D");
                if (drainPin is null)
                {
                    Fail(Rule.MissingDriver, name, $"{fet.Reference} has no drain pin");
                    continue;
                }
                int drain = _net.NetOf(drainPin);
                // the coil's supply side: the other pins of the connector(s) on the drain net, minus ground
                var supplies = _net.PinsOn(drain).Where(p => p.Reference.StartsWith('J'))
                    .SelectMany(j => _net.Pins.Where(o => o.Sheet == j.Sheet && o.Symbol == j.Symbol && o.Pin != j.Pin))
                    .Select(_net.NetOf).Where(n => n != drain && !_net.Names(n).Contains(Ground)).ToHashSet();
                bool flyback = _net.PinsOn(drain).Where(p => p.Reference.StartsWith('D') && p.Pin.Name == "A")
                    .Any(a => _net.Pins.Any(k => k.Sheet == a.Sheet && k.Symbol == a.Symbol && k.Pin.Name == "K" && supplies.Contains(_net.NetOf(k))));
                if (supplies.Count == 0)
                {
                    Fail(Rule.MissingFlyback, name, $"the drain of {fet.Reference} ({name}) reaches no coil connector");
                }
                else if (!flyback)
                {
                    Fail(Rule.MissingFlyback, name,
                        $"the coil on {fet.Reference} ({name}) has no flyback diode (anode on the drain, cathode on {string.Join("/", supplies.Select(_net.Describe))})");
                }
            }
        }
    }

    /// <summary>For each two-pin part with the given reference prefix that has one pin on net: the net of its other pin.</summary>
    private IEnumerable<int> TwoPinParts(int net, string prefix)
    {
        foreach (PinRef p in _net.PinsOn(net).Where(p => p.Reference.StartsWith(prefix, StringComparison.Ordinal) && p.Symbol.Lib.Pins.Count == 2))
        {
            LibPin other = p.Symbol.Lib.Pins.First(x => x.Number != p.Pin.Number);
            PinRef? otherRef = _net.Pins.FirstOrDefault(x => x.Sheet == p.Sheet && x.Symbol == p.Symbol && x.Pin == other);
            if (otherRef is not null) yield return _net.NetOf(otherRef);
        }
    }
}
