namespace O2O.Hardware.Tests.Support;

/// <summary>A point on a sheet in micrometres (KiCad 6 stores millimetres; rounding makes equal points compare equal).</summary>
public readonly record struct Point(long X, long Y)
{
    public static Point FromMm(double x, double y) => new((long)Math.Round(x * 1000), (long)Math.Round(y * 1000));

    public override string ToString() => $"({X / 1000.0:0.###}, {Y / 1000.0:0.###})";
}

public sealed record LibPin(string Number, string Name, double X, double Y);

/// <summary>A library symbol; IsPower marks power-net symbols (GND, +3V3 ...): the (power) flag with only power-input pins.
/// PWR_FLAG also carries (power) but has a power-output pin and names no net.</summary>
public sealed record LibSymbol(string Id, bool IsPower, IReadOnlyList<LibPin> Pins);

/// <summary>A symbol placed on a sheet.</summary>
public sealed record PlacedSymbol(LibSymbol Lib, string Reference, string Value, double X, double Y, int Rotation, bool MirrorX, bool MirrorY)
{
    /// <summary>Power symbols, PWR_FLAG and other "#" references are not parts: not in the BOM, not in KiCad's netlist.</summary>
    public bool IsVirtual => Reference.StartsWith('#');

    /// <summary>Where a library pin lands on the sheet: library Y points up, sheet Y points down, rotation is counter-clockwise.</summary>
    public Point PinAt(LibPin pin)
    {
        double px = MirrorY ? -pin.X : pin.X;
        double py = MirrorX ? -pin.Y : pin.Y;
        (double dx, double dy) = Rotation switch
        {
            0 => (px, -py),
            90 => (-py, -px),
            180 => (-px, py),
            270 => (py, px),
            _ => throw new FormatException($"{Reference}: rotation {Rotation} is not a multiple of 90"),
        };
        return Point.FromMm(X + dx, Y + dy);
    }
}

public enum LabelKind { Local, Global, Hierarchical }

public sealed record Label(LabelKind Kind, string Name, Point At);

public sealed record SheetPin(string Name, Point At);

public sealed record SheetRef(string Uuid, string Name, string File, IReadOnlyList<SheetPin> Pins);

public sealed record Wire(Point A, Point B)
{
    public bool Touches(Point p)
    {
        if (A.X == B.X && p.X == A.X) return p.Y >= Math.Min(A.Y, B.Y) && p.Y <= Math.Max(A.Y, B.Y);
        if (A.Y == B.Y && p.Y == A.Y) return p.X >= Math.Min(A.X, B.X) && p.X <= Math.Max(A.X, B.X);
        return p == A || p == B;
    }
}

/// <summary>One .kicad_sch file, parsed into what connectivity needs.</summary>
public sealed class SchematicFile
{
    public required string Path { get; init; }
    public required string Version { get; init; }
    public required IReadOnlyDictionary<string, LibSymbol> Library { get; init; }
    public required IReadOnlyList<PlacedSymbol> Symbols { get; init; }
    public required IReadOnlyList<Wire> Wires { get; init; }
    public required IReadOnlyList<Label> Labels { get; init; }
    public required IReadOnlyList<SheetRef> Sheets { get; init; }
    public required IReadOnlyList<Point> NoConnects { get; init; }
    public required IReadOnlyList<string> MissingLibSymbols { get; init; }

    public static SchematicFile Load(string path)
    {
        SExpr root = SExpr.Parse(File.ReadAllText(path));
        if (root.Head != "kicad_sch") throw new FormatException($"{path}: not a kicad_sch file");
        var library = new Dictionary<string, LibSymbol>();
        foreach (SExpr sym in root.Required("lib_symbols").Children("symbol"))
        {
            var pins = new List<LibPin>();
            var types = new List<string>();
            foreach (SExpr unit in sym.Children("symbol"))
            {
                foreach (SExpr pin in unit.Children("pin"))
                {
                    SExpr at = pin.Required("at");
                    pins.Add(new LibPin(pin.Required("number")[1], pin.Required("name")[1], at.Number(1), at.Number(2)));
                    types.Add(pin[1]);
                }
            }
            bool power = sym.Items.Any(i => i.IsList && i.Head == "power") && types.Count > 0 && types.All(t => t == "power_in");
            library[sym[1]] = new LibSymbol(sym[1], power, pins);
        }

        var symbols = new List<PlacedSymbol>();
        var missing = new List<string>();
        foreach (SExpr s in root.Children("symbol"))
        {
            string libId = s.Required("lib_id")[1];
            if (!library.TryGetValue(libId, out LibSymbol? lib))
            {
                missing.Add(libId);
                continue;
            }
            SExpr at = s.Required("at");
            SExpr? mirror = s.Child("mirror");
            symbols.Add(new PlacedSymbol(lib, s.Property("Reference") ?? "?", s.Property("Value") ?? "", at.Number(1), at.Number(2),
                at.Items.Count > 3 ? (int)at.Number(3) : 0, mirror is not null && mirror[1] == "x", mirror is not null && mirror[1] == "y"));
        }

        var wires = root.Children("wire").Select(w =>
        {
            var xy = w.Required("pts").Children("xy").ToList();
            return new Wire(Point.FromMm(xy[0].Number(1), xy[0].Number(2)), Point.FromMm(xy[1].Number(1), xy[1].Number(2)));
        }).ToList();

        var labels = new List<Label>();
        foreach ((string head, LabelKind kind) in new[] { ("label", LabelKind.Local), ("global_label", LabelKind.Global), ("hierarchical_label", LabelKind.Hierarchical) })
        {
            foreach (SExpr l in root.Children(head))
            {
                SExpr at = l.Required("at");
                labels.Add(new Label(kind, l[1], Point.FromMm(at.Number(1), at.Number(2))));
            }
        }

        var sheets = root.Children("sheet").Select(sh => new SheetRef(
            sh.Required("uuid")[1],
            sh.Property("Sheet name") ?? "",
            sh.Property("Sheet file") ?? throw new FormatException($"{path}: sheet without a file"),
            sh.Children("pin").Select(p => new SheetPin(p[1], Point.FromMm(p.Required("at").Number(1), p.Required("at").Number(2)))).ToList())).ToList();

        var noConnects = root.Children("no_connect").Select(n => Point.FromMm(n.Required("at").Number(1), n.Required("at").Number(2))).ToList();

        return new SchematicFile
        {
            Path = path,
            Version = root.Required("version")[1],
            Library = library,
            Symbols = symbols,
            Wires = wires,
            Labels = labels,
            Sheets = sheets,
            NoConnects = noConnects,
            MissingLibSymbols = missing,
        };
    }
}

/// <summary>A sheet instance in the hierarchy: the root is "/", a child is "/&lt;sheet uuid&gt;".</summary>
public sealed record SheetInstance(string Path, SchematicFile File);

/// <summary>A KiCad project's root sheet and every sheet it instantiates.</summary>
public sealed class KiCadProject
{
    private KiCadProject(IReadOnlyList<SheetInstance> instances) => Instances = instances;

    public IReadOnlyList<SheetInstance> Instances { get; }

    /// <param name="rootFile">The root .kicad_sch.</param>
    /// <param name="overrides">Sheet file name → replacement file (used to load deliberately broken copies).</param>
    public static KiCadProject Load(string rootFile, IReadOnlyDictionary<string, string>? overrides = null)
    {
        string dir = System.IO.Path.GetDirectoryName(rootFile)!;
        var instances = new List<SheetInstance>();
        var cache = new Dictionary<string, SchematicFile>();

        SchematicFile Read(string fileName)
        {
            string path = overrides is not null && overrides.TryGetValue(fileName, out string? o) ? o : System.IO.Path.Combine(dir, fileName);
            if (!cache.TryGetValue(path, out SchematicFile? f)) cache[path] = f = SchematicFile.Load(path);
            return f;
        }

        void Walk(string path, SchematicFile file, int depth)
        {
            if (depth > 16) throw new FormatException("sheet recursion");
            instances.Add(new SheetInstance(path, file));
            foreach (SheetRef sheet in file.Sheets)
            {
                Walk(path == "/" ? "/" + sheet.Uuid : path + "/" + sheet.Uuid, Read(sheet.File), depth + 1);
            }
        }

        Walk("/", Read(System.IO.Path.GetFileName(rootFile)), 0);
        return new KiCadProject(instances);
    }
}
