"""Writes KiCad 6 schematic sheets (format 20211123) from placed parts, wires and labels.

Deterministic: every UUID is a UUID5 of the sheet name and the item's creation order.
Sheet coordinates are millimetres with Y pointing down; all connection points sit on the 1.27 mm grid.
"""
import uuid

from symbols import f

NS = uuid.UUID("6f2b8e0a-93c1-4f7e-9d3a-0c2e5b1a7d42")
FONT = "(effects (font (size 1.27 1.27))"


def uid(*parts):
    return str(uuid.uuid5(NS, "/".join(str(p) for p in parts)))


def xform(rot, x, y):
    """Library (Y up) offset -> sheet (Y down) offset for a symbol rotated by rot degrees (counter-clockwise)."""
    return {0: (x, -y), 90: (-y, -x), 180: (-x, y), 270: (y, x)}[rot]


def snap(v):
    return round(v / 1.27) * 1.27


def key(pt):
    return (round(pt[0], 3), round(pt[1], 3))


class Part:
    def __init__(self, sheet, lib, ref, value, x, y, rot, props, in_bom=True):
        self.sheet, self.lib, self.ref, self.value = sheet, lib, ref, value
        self.x, self.y, self.rot, self.props, self.in_bom = x, y, rot, props, in_bom
        self.uuid = sheet.next_uuid("sym")
        self.label_side = None

    def p(self, pin):
        lp = self.lib.pin(pin)
        dx, dy = xform(self.rot, lp.x, lp.y)
        return (round(self.x + dx, 4), round(self.y + dy, 4))

    def out(self, pin):
        """Unit vector pointing away from the body at this pin (sheet coordinates)."""
        lp = self.lib.pin(pin)
        import math
        a = math.radians(lp.angle + 180)
        dx, dy = xform(self.rot, round(math.cos(a)), round(math.sin(a)))
        return (dx, dy)


class Sheet:
    def __init__(self, name, file, title, paper="A4", page=None):
        self.name, self.file, self.title, self.paper = name, file, title, paper
        self.counter = 0
        self.parts, self.wires, self.labels, self.junctions, self.noconnects, self.texts = [], [], [], [], [], []
        self.sheets = []  # hierarchical sheet symbols (root only)
        self.uuid = uid(name, "sheet-file")
        self.comments = []

    def next_uuid(self, kind):
        self.counter += 1
        return uid(self.name, kind, self.counter)

    # ---- drawing primitives -------------------------------------------------------------------------
    def wire(self, *pts):
        for a, b in zip(pts, pts[1:]):
            a, b = key(a), key(b)
            if a == b:
                continue
            if a[0] != b[0] and a[1] != b[1]:
                raise ValueError(f"{self.name}: diagonal wire {a} -> {b}")
            self.wires.append((a, b, self.next_uuid("wire")))

    def junction(self, pt):
        self.junctions.append((key(pt), self.next_uuid("junction")))

    def flag(self, pt):
        """PWR_FLAG: tells ERC that a net fed through passive parts (fuse, diode, inductor) is a supply."""
        part = Part(self, self.lib["power:PWR_FLAG"], self.project.next_ref("#FLG"), "PWR_FLAG", pt[0], pt[1], 0, {}, in_bom=False)
        self.parts.append(part)
        return part

    def nc(self, part, pin):
        if part.lib.pin(pin).etype == "no_connect":
            return  # no_connect pins need no flag (KiCad reports a flag there as dangling)
        self.noconnects.append((key(part.p(pin)), self.next_uuid("nc")))

    def text(self, body, x, y, size=1.27):
        self.texts.append((body, x, y, size, self.next_uuid("text")))

    def stub(self, part, pin, length=2.54):
        a = part.p(pin)
        dx, dy = part.out(pin)
        b = (a[0] + dx * length, a[1] + dy * length)
        self.wire(a, b)
        return key(b), (dx, dy)

    def _angle(self, d):
        return {(1, 0): 0, (0, -1): 90, (-1, 0): 180, (0, 1): 270}[d]

    def label_at(self, kind, name, pt, direction, shape="bidirectional"):
        self.labels.append((kind, name, key(pt), self._angle(direction), shape, self.next_uuid("label")))

    def label(self, part, pin, name, kind="label", shape="bidirectional", length=2.54):
        end, d = self.stub(part, pin, length)
        self.label_at(kind, name, end, d, shape)
        return end

    def hlabel(self, part, pin, name, shape="bidirectional", length=2.54):
        return self.label(part, pin, name, "hierarchical_label", shape, length)

    def power_at(self, net, pt, direction):
        lib = self.lib["power:" + net]
        up = lib.pin("1").angle == 90  # graphic drawn upwards
        if up:
            rot = {(0, -1): 0, (0, 1): 180, (-1, 0): 90, (1, 0): 270}[direction]
        else:
            rot = {(0, 1): 0, (0, -1): 180, (1, 0): 90, (-1, 0): 270}[direction]
        ref = self.project.next_ref("#PWR")
        part = Part(self, lib, ref, net, pt[0], pt[1], rot, {}, in_bom=False)
        self.parts.append(part)
        return part

    def pwr_group(self, part, pins, net, length=2.54, tail=2.54):
        """Several pins on one side joined by a wire, with one power symbol continuing past the first pin's end."""
        ends = []
        for pn in pins:
            end, d = self.stub(part, pn, length)
            ends.append(end)
        self.wire(*ends)
        first = ends[0]
        if d[0] == 0:  # pins point up/down: joined horizontally, symbol continues in the pin direction from the middle
            mid = ((ends[0][0] + ends[-1][0]) / 2, first[1])
            out = (mid[0] + d[0] * tail, mid[1] + d[1] * tail)
            self.wire(mid, out)
            self.power_at(net, out, d)
        else:  # pins point left/right: joined vertically, symbol above (up nets) or below (GND)
            up = self.lib["power:" + net].pin("1").angle == 90
            anchor = ends[0] if up else ends[-1]
            dd = (0, -1) if up else (0, 1)
            out = (anchor[0], anchor[1] + dd[1] * tail)
            self.wire(anchor, out)
            self.power_at(net, out, dd)

    def pwr(self, part, pin, net, length=2.54):
        if length:
            end, d = self.stub(part, pin, length)
        else:
            end, d = part.p(pin), part.out(pin)
        self.power_at(net, end, d)
        return end

    def place(self, lib_id, value, x, y, rot=0, fp="", mpn="", mfr="", ref=None, note=""):
        lib = self.lib[lib_id]
        ref = ref or self.project.next_ref(lib.ref)
        props = {"Footprint": fp, "Datasheet": "~", "MPN": mpn, "Manufacturer": mfr}
        if note:
            props["Note"] = note
        part = Part(self, lib, ref, value, snap(x), snap(y), rot, props)
        self.parts.append(part)
        return part

    def place_pin(self, lib_id, value, pin, pt, rot=0, **kw):
        """Place a part so that the given pin lands exactly on pt."""
        lp = self.lib[lib_id].pin(pin)
        dx, dy = xform(rot, lp.x, lp.y)
        part = self.place(lib_id, value, pt[0] - dx, pt[1] - dy, rot, **kw)
        assert key(part.p(pin)) == key(pt), (part.ref, part.p(pin), pt)
        return part

    def finalize(self):
        """Split wires at T points, add junctions, and refuse pins that touch a wire's middle by accident."""
        pins = {}
        for part in self.parts:
            for p in part.lib.pins:
                pins.setdefault(key(part.p(p.number)), []).append(part.ref)
        for sh in self.sheets:
            for _, _, pt, _ in sh.pins:
                pins.setdefault(key(pt), []).append("sheetpin")
        changed = True
        while changed:
            changed = False
            ends = {pt for a, b, _ in self.wires for pt in (a, b)}
            for i, (a, b, u) in enumerate(self.wires):
                for pt in sorted(ends | set(pins)):
                    if pt in (a, b):
                        continue
                    on = (a[0] == b[0] == pt[0] and min(a[1], b[1]) < pt[1] < max(a[1], b[1])) or \
                         (a[1] == b[1] == pt[1] and min(a[0], b[0]) < pt[0] < max(a[0], b[0]))
                    if on:
                        if pt in pins and pt not in ends:
                            raise ValueError(f"{self.name}: pin of {pins[pt]} at {pt} touches the middle of a wire {a}-{b}")
                        self.wires[i] = (a, pt, u)
                        self.wires.append((pt, b, uid(self.name, u, "split", pt)))
                        changed = True
                        break
                if changed:
                    break
        count = {}
        for a, b, _ in self.wires:
            for pt in (a, b):
                count[pt] = count.get(pt, 0) + 1
        for pt, n in sorted(count.items()):
            if n + (1 if pt in pins else 0) >= 3 and pt not in {j for j, _ in self.junctions}:
                self.junction(pt)
        # no two pins of different parts may share a point unless a wire is meant there (we never do that)
        for pt, refs in pins.items():
            if len(refs) > 1 and "sheetpin" not in refs:
                raise ValueError(f"{self.name}: pins of {refs} overlap at {pt}")

    # ---- S-expression output ------------------------------------------------------------------------
    def _field_positions(self, part):
        """Reference/value text positions next to the body, horizontal text."""
        if part.lib.power:
            vx, vy, _ = part.lib.value_at
            dx, dy = xform(part.rot, vx, vy)
            rx, ry = xform(part.rot, *part.lib.ref_at[:2])
            return (part.x + rx, part.y + ry, "", True), (part.x + dx, part.y + dy, "", False)
        pins = [part.p(p.number) for p in part.lib.pins]
        xs, ys = [p[0] for p in pins], [p[1] for p in pins]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if part.lib.lib_id.startswith("Connector_Generic"):
            return (part.x, min(ys) - 2.54, "", False), (part.x, max(ys) + 2.54, "", False)
        if len(pins) == 2 and w < 0.01:  # vertical two-pin part (diodes are wider than resistors)
            dx = 3.81 if part.lib.ref == "D" else 2.54
            return (part.x + dx, part.y - 1.27, " (justify left)", False), (part.x + dx, part.y + 1.27, " (justify left)", False)
        if len(pins) == 2 and h < 0.01:  # horizontal two-pin part
            return (part.x, part.y - 2.54, "", False), (part.x, part.y + 2.54, "", False)
        if part.lib.ref in ("Q",):
            return (part.x + 5.08, part.y - 1.27, " (justify left)", False), (part.x + 5.08, part.y + 1.27, " (justify left)", False)
        # boxes: reference above the top-left corner, value below the bottom-left corner
        return (min(xs) + 2.54, min(ys) - 1.27, " (justify left)", False), (min(xs) + 2.54, max(ys) + 1.27, " (justify left)", False)

    def symbol_sexpr(self, part):
        (rx, ry, rj, rhide), (vx, vy, vj, _) = self._field_positions(part)
        fa = 90 if part.rot in (90, 270) else 0  # KiCad stores field angles in the symbol's frame: 90 reads horizontal
        bom = "yes" if part.in_bom else "no"
        hide_ref = " hide" if rhide else ""
        lines = [f'  (symbol (lib_id "{part.lib.lib_id}") (at {f(part.x)} {f(part.y)} {part.rot}) (unit 1)',
                 f"    (in_bom {bom}) (on_board {bom})",
                 f"    (uuid {part.uuid})",
                 f'    (property "Reference" "{part.ref}" (id 0) (at {f(rx)} {f(ry)} {fa})',
                 f"      {FONT}{rj}{hide_ref})", "    )",
                 f'    (property "Value" "{part.value}" (id 1) (at {f(vx)} {f(vy)} {fa})',
                 f"      {FONT}{vj})", "    )"]
        pid = 2
        for k in ("Footprint", "Datasheet", "MPN", "Manufacturer", "Note"):
            if k in part.props or k in ("Footprint", "Datasheet"):
                v = part.props.get(k, "")
                lines += [f'    (property "{k}" "{v}" (id {pid}) (at {f(part.x)} {f(part.y)} 0)',
                          f"      {FONT} hide)", "    )"]
                pid += 1
        for p in part.lib.pins:
            lines.append(f'    (pin "{p.number}" (uuid {uid(self.name, part.uuid, "pin", p.number)}))')
        lines.append("  )")
        return "\n".join(lines)

    def render(self, root_extra=""):
        out = ["(kicad_sch (version 20211123) (generator eeschema)", "", f"  (uuid {self.uuid})", "", f'  (paper "{self.paper}")', ""]
        out.append("  (title_block")
        out.append(f'    (title "{self.title}")')
        out.append('    (date "2025-06-01")')
        out.append('    (rev "A")')
        out.append('    (company "O2O Edge")')
        for i, c in enumerate(self.comments, 1):
            out.append(f'    (comment {i} "{c}")')
        out.append("  )")
        out.append("")
        used = sorted({p.lib.lib_id for p in self.parts})
        out.append("  (lib_symbols")
        for lib_id in used:
            out.append(self.lib[lib_id].sexpr())
        out.append("  )")
        out.append("")
        for pt, u in self.junctions:
            out.append(f"  (junction (at {f(pt[0])} {f(pt[1])}) (diameter 0) (color 0 0 0 0)\n    (uuid {u})\n  )")
        out.append("")
        for pt, u in self.noconnects:
            out.append(f"  (no_connect (at {f(pt[0])} {f(pt[1])}) (uuid {u}))")
        out.append("")
        for a, b, u in self.wires:
            out.append(f"  (wire (pts (xy {f(a[0])} {f(a[1])}) (xy {f(b[0])} {f(b[1])}))\n"
                       f"    (stroke (width 0) (type default) (color 0 0 0 0))\n    (uuid {u})\n  )")
        out.append("")
        for body, x, y, size, u in self.texts:
            esc = body.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            out.append(f'  (text "{esc}" (at {f(x)} {f(y)} 0)\n    (effects (font (size {f(size)} {f(size)})) (justify left top))\n    (uuid {u})\n  )')
        out.append("")
        for kind, name, pt, ang, shape, u in self.labels:
            just = "left" if ang in (0, 90) else "right"
            if kind == "label":
                out.append(f'  (label "{name}" (at {f(pt[0])} {f(pt[1])} {ang})\n    {FONT} (justify {just} bottom))\n    (uuid {u})\n  )')
            elif kind == "hierarchical_label":
                out.append(f'  (hierarchical_label "{name}" (shape {shape}) (at {f(pt[0])} {f(pt[1])} {ang})\n'
                           f"    {FONT} (justify {just}))\n    (uuid {u})\n  )")
            else:
                out.append(f'  (global_label "{name}" (shape {shape}) (at {f(pt[0])} {f(pt[1])} {ang})\n'
                           f"    {FONT} (justify {just}))\n    (uuid {u})\n"
                           f'    (property "Intersheet References" "${{INTERSHEET_REFS}}" (id 0) (at 0 0 0)\n'
                           f"      {FONT} hide)\n    )\n  )")
        out.append("")
        for part in sorted(self.parts, key=lambda p: p.uuid):
            out.append(self.symbol_sexpr(part))
            out.append("")
        for sh in self.sheets:
            out.append(sh.sexpr())
            out.append("")
        out.append(root_extra)
        out.append(")")
        return "\n".join(line for line in out) + "\n"


class SheetSymbol:
    """A hierarchical sheet placed on the root sheet, with its pins."""

    def __init__(self, root, child, x, y, w, h, left=(), right=()):
        self.root, self.child, self.x, self.y, self.w, self.h = root, child, x, y, w, h
        self.uuid = uid("root", "sheet", child.name)
        self.pins = []  # (name, shape, (x, y), angle)
        for i, (name, shape) in enumerate(left):
            self.pins.append((name, shape, (x, y + 2.54 * (i + 1)), 180))
        for i, (name, shape) in enumerate(right):
            self.pins.append((name, shape, (x + w, y + 2.54 * (i + 1)), 0))

    def pin(self, name):
        for n, _, pt, ang in self.pins:
            if n == name:
                return pt, ((-1, 0) if ang == 180 else (1, 0))
        raise KeyError(name)

    def sexpr(self):
        lines = [f"  (sheet (at {f(self.x)} {f(self.y)}) (size {f(self.w)} {f(self.h)})",
                 "    (stroke (width 0.1524) (type solid) (color 0 0 0 0))",
                 "    (fill (color 0 0 0 0.0000))",
                 f"    (uuid {self.uuid})",
                 f'    (property "Sheet name" "{self.child.title}" (id 0) (at {f(self.x)} {f(self.y - 0.7112)} 0)',
                 f"      {FONT} (justify left bottom))", "    )",
                 f'    (property "Sheet file" "{self.child.file}" (id 1) (at {f(self.x)} {f(self.y + self.h + 0.5842)} 0)',
                 f"      {FONT} (justify left top))", "    )"]
        for name, shape, pt, ang in self.pins:
            just = "left" if ang == 180 else "right"
            lines += [f'    (pin "{name}" {shape} (at {f(pt[0])} {f(pt[1])} {ang})',
                      f"      {FONT} (justify {just}))",
                      f"      (uuid {uid('root', 'sheetpin', self.child.name, name)})", "    )"]
        lines.append("  )")
        return "\n".join(lines)
