namespace O2O.Hardware.Tests.Support;

/// <summary>One pin of one placed symbol in one sheet instance.</summary>
public sealed record PinRef(string Sheet, PlacedSymbol Symbol, LibPin Pin)
{
    public string Reference => Symbol.Reference;

    public override string ToString() => $"{Symbol.Reference}.{Pin.Number}({Pin.Name})";
}

/// <summary>
/// Connectivity resolved the way eeschema does it, for what this board uses: wires join at their ends and where an end,
/// pin or label touches another wire; pins join wires at their connection point; local and hierarchical labels join
/// by name inside one sheet instance; a sheet pin joins the child's hierarchical label of that name; global labels and
/// power symbols (named by their value) join across the whole project.
/// </summary>
public sealed class Netlist
{
    private readonly Dictionary<string, int> _ids = [];
    private readonly List<int> _parent = [];
    private readonly Dictionary<int, HashSet<string>> _names = [];
    private readonly Dictionary<PinRef, int> _pinNode = [];

    public Netlist(KiCadProject project)
    {
        var pendingNames = new List<(int Node, string Name)>();
        foreach (SheetInstance inst in project.Instances)
        {
            SchematicFile file = inst.File;
            string P(Point p) => $"{inst.Path}|{p.X},{p.Y}";
            var points = new HashSet<Point>();
            foreach (Wire w in file.Wires)
            {
                points.Add(w.A);
                points.Add(w.B);
            }

            foreach (PlacedSymbol s in file.Symbols)
            {
                foreach (LibPin pin in s.Lib.Pins)
                {
                    Point at = s.PinAt(pin);
                    points.Add(at);
                    var pr = new PinRef(inst.Path, s, pin);
                    _pinNode[pr] = Node(P(at));
                    if (s.Lib.IsPower)
                    {
                        Union(Node(P(at)), Node("global:" + s.Value));
                        pendingNames.Add((Node(P(at)), s.Value));
                    }
                }
            }

            foreach (Label l in file.Labels)
            {
                points.Add(l.At);
                string key = l.Kind == LabelKind.Global ? "global:" + l.Name : $"{inst.Path}|name:{l.Name}";
                Union(Node(P(l.At)), Node(key));
                pendingNames.Add((Node(P(l.At)), l.Name));
            }

            foreach (SheetRef sheet in file.Sheets)
            {
                string child = inst.Path == "/" ? "/" + sheet.Uuid : inst.Path + "/" + sheet.Uuid;
                foreach (SheetPin sp in sheet.Pins)
                {
                    points.Add(sp.At);
                    Union(Node(P(sp.At)), Node($"{child}|name:{sp.Name}"));
                    pendingNames.Add((Node(P(sp.At)), sp.Name));
                }
            }

            for (int i = 0; i < file.Wires.Count; i++)
            {
                Wire w = file.Wires[i];
                int wire = Node($"{inst.Path}|wire{i}");
                foreach (Point p in points)
                {
                    if (w.Touches(p)) Union(wire, Node(P(p)));
                }
            }
        }

        foreach ((int node, string name) in pendingNames)
        {
            int root = Find(node);
            if (!_names.TryGetValue(root, out HashSet<string>? set)) _names[root] = set = [];
            set.Add(name);
        }
    }

    public IEnumerable<PinRef> Pins => _pinNode.Keys;

    public int NetOf(PinRef pin) => Find(_pinNode[pin]);

    public IReadOnlySet<string> Names(int net) => _names.TryGetValue(Find(net), out HashSet<string>? n) ? n : new HashSet<string>();

    public IEnumerable<int> NetsNamed(string name) => _names.Where(kv => kv.Value.Contains(name)).Select(kv => kv.Key).Distinct();

    public IEnumerable<PinRef> PinsOn(int net)
    {
        int root = Find(net);
        return _pinNode.Where(kv => Find(kv.Value) == root).Select(kv => kv.Key).Where(p => !p.Symbol.IsVirtual);
    }

    public string Describe(int net)
    {
        var names = Names(net);
        return names.Count == 0 ? "an unnamed net" : string.Join("/", names.Order(StringComparer.Ordinal));
    }

    private int Node(string key)
    {
        if (!_ids.TryGetValue(key, out int id))
        {
            id = _parent.Count;
            _ids[key] = id;
            _parent.Add(id);
        }
        return id;
    }

    private int Find(int x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }
        return x;
    }

    private void Union(int a, int b)
    {
        int ra = Find(a), rb = Find(b);
        if (ra != rb) _parent[rb] = ra;
    }
}
