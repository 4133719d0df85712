"""Symbol library of the O2O-CTRL-1 schematic, drawn for this project and embedded in every sheet (lib_symbols).

Coordinates are KiCad library coordinates in millimetres (Y up). A pin's (x, y) is its connection point and
its angle points from that point towards the body, as in KiCad 6.
"""

STROKE = "(stroke (width 0.254) (type default) (color 0 0 0 0))"
THIN = "(stroke (width 0) (type default) (color 0 0 0 0))"


def f(v):
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "", "-") else s


def rect(x1, y1, x2, y2, fill="background"):
    return f"(rectangle (start {f(x1)} {f(y1)}) (end {f(x2)} {f(y2)}) {STROKE} (fill (type {fill})))"


def poly(*pts, fill="none", width=0.254):
    xy = " ".join(f"(xy {f(x)} {f(y)})" for x, y in pts)
    return f"(polyline (pts {xy}) (stroke (width {f(width)}) (type default) (color 0 0 0 0)) (fill (type {fill})))"


def circle(x, y, r, fill="none", width=0.254):
    return f"(circle (center {f(x)} {f(y)}) (radius {f(r)}) (stroke (width {f(width)}) (type default) (color 0 0 0 0)) (fill (type {fill})))"


def arc(s, m, e):
    return f"(arc (start {f(s[0])} {f(s[1])}) (mid {f(m[0])} {f(m[1])}) (end {f(e[0])} {f(e[1])}) {STROKE} (fill (type none)))"


def text(t, x, y, size=1.27):
    return f'(text "{t}" (at {f(x)} {f(y)} 0) (effects (font (size {f(size)} {f(size)}))))'


class Pin:
    def __init__(self, number, name, etype, x, y, angle, length=2.54, hidden=False):
        self.number, self.name, self.etype = number, name, etype
        self.x, self.y, self.angle, self.length, self.hidden = x, y, angle, length, hidden


class LibSymbol:
    def __init__(self, lib_id, ref, value, pins, body, power=False, hide_numbers=False, hide_names=False,
                 name_offset=0.508, ref_at=(0, 5.08, 0), value_at=(0, -5.08, 0), description=""):
        self.lib_id, self.ref, self.value, self.pins, self.body = lib_id, ref, value, pins, body
        self.power, self.hide_numbers, self.hide_names, self.name_offset = power, hide_numbers, hide_names, name_offset
        self.ref_at, self.value_at, self.description = ref_at, value_at, description

    def pin(self, key):
        for p in self.pins:
            if p.number == key:
                return p
        for p in self.pins:
            if p.name == key:
                return p
        raise KeyError(f"{self.lib_id} has no pin {key}")

    def sexpr(self):
        short = self.lib_id.split(":", 1)[1]
        head = f'    (symbol "{self.lib_id}"'
        if self.power:
            head += " (power)"
        if self.hide_numbers:
            head += " (pin_numbers hide)"
        head += f" (pin_names (offset {f(self.name_offset)})" + (" hide)" if self.hide_names else ")")
        head += " (in_bom yes) (on_board yes)"
        hide_ref = " hide" if self.power else ""
        rx, ry, ra = self.ref_at
        vx, vy, va = self.value_at
        lines = [head,
                 f'      (property "Reference" "{self.ref}" (id 0) (at {f(rx)} {f(ry)} {ra})',
                 f"        (effects (font (size 1.27 1.27)){hide_ref})", "      )",
                 f'      (property "Value" "{self.value}" (id 1) (at {f(vx)} {f(vy)} {va})',
                 "        (effects (font (size 1.27 1.27)))", "      )",
                 '      (property "Footprint" "" (id 2) (at 0 0 0)',
                 "        (effects (font (size 1.27 1.27)) hide)", "      )",
                 '      (property "Datasheet" "~" (id 3) (at 0 0 0)',
                 "        (effects (font (size 1.27 1.27)) hide)", "      )"]
        if self.description:
            lines += [f'      (property "ki_description" "{self.description}" (id 4) (at 0 0 0)',
                      "        (effects (font (size 1.27 1.27)) hide)", "      )"]
        lines.append(f'      (symbol "{short}_0_1"')
        lines += [f"        {g}" for g in self.body]
        lines.append("      )")
        lines.append(f'      (symbol "{short}_1_1"')
        for p in self.pins:
            hide = " hide" if p.hidden else ""
            lines.append(f"        (pin {p.etype} line (at {f(p.x)} {f(p.y)} {p.angle}) (length {f(p.length)}){hide}")
            lines.append(f'          (name "{p.name}" (effects (font (size 1.27 1.27))))')
            lines.append(f'          (number "{p.number}" (effects (font (size 1.27 1.27))))')
            lines.append("        )")
        lines.append("      )")
        lines.append("    )")
        return "\n".join(lines)


def two_pin_vertical(lib_id, ref, value, body, names=("~", "~"), etype="passive", length=1.27, hide_names=True):
    return LibSymbol(lib_id, ref, value,
                     [Pin("1", names[0], etype, 0, 3.81, 270, length), Pin("2", names[1], etype, 0, -3.81, 90, length)],
                     body, hide_numbers=True, hide_names=hide_names, name_offset=0,
                     ref_at=(2.032, 0, 90), value_at=(-2.032, 0, 90))


def diode_like(lib_id, ref, value, bar, extra=(), names=("K", "A")):
    body = [poly((1.27, 1.27), (1.27, -1.27), (-1.27, 0), (1.27, 1.27)), poly((-1.27, 0), (1.27, 0), width=0)] + list(bar) + list(extra)
    return LibSymbol(lib_id, ref, value,
                     [Pin("1", names[0], "passive", -3.81, 0, 0, 2.54), Pin("2", names[1], "passive", 3.81, 0, 180, 2.54)],
                     body, hide_numbers=True, hide_names=True, name_offset=1.016, ref_at=(0, 2.54, 0), value_at=(0, -2.54, 0))


def mosfet(lib_id, p_channel, pin_numbers):
    # pin_numbers: dict name -> number. Drain/source vertical on the right, gate on the left.
    top, bottom = ("S", "D") if p_channel else ("D", "S")
    arrow = (poly((2.286, 0), (1.27, 0.381), (1.27, -0.381), (2.286, 0), fill="outline") if p_channel
             else poly((0.762, 0), (1.778, 0.381), (1.778, -0.381), (0.762, 0), fill="outline"))
    body = [circle(1.651, 0, 2.794),
            poly((-2.54, 0), (-0.508, 0)), poly((-0.508, 1.905), (-0.508, -1.905)),
            poly((0.254, 2.286), (0.254, 1.27)), poly((0.254, 0.508), (0.254, -0.508)), poly((0.254, -1.27), (0.254, -2.286)),
            poly((0.254, 1.778), (2.54, 1.778), (2.54, 2.54)), poly((0.254, -1.778), (2.54, -1.778), (2.54, -2.54)),
            poly((0.254, 0), (2.54, 0), (2.54, -1.778) if not p_channel else (2.54, 1.778)),
            arrow]
    pins = [Pin(pin_numbers["G"], "G", "input", -5.08, 0, 0, 2.54),
            Pin(pin_numbers[top], top, "passive", 2.54, 5.08, 270, 2.54),
            Pin(pin_numbers[bottom], bottom, "passive", 2.54, -5.08, 90, 2.54)]
    return LibSymbol(lib_id, "Q", "Q", pins, body, hide_names=True, name_offset=0, ref_at=(5.08, 1.27, 0), value_at=(5.08, -1.27, 0))


def connector(n):
    top = 2.54 * ((n - 1) // 2)
    pins, body = [], [rect(-1.27, top + 1.27, 1.27, top - 2.54 * n + 1.27)]
    for i in range(n):
        y = top - 2.54 * i
        pins.append(Pin(str(i + 1), f"Pin_{i + 1}", "passive", -5.08, y, 0, 3.81))
        body.append(rect(-1.27, y + 0.127, 0, y - 0.127, fill="none"))
    return LibSymbol(f"Connector_Generic:Conn_01x{n:02d}", "J", f"Conn_01x{n:02d}", pins, body, hide_names=True,
                     name_offset=1.016, ref_at=(0, top + 2.54, 0), value_at=(0, top - 2.54 * n, 0))


def box_ic(lib_id, ref, value, left, right, top=(), bottom=(), half_width=7.62, pin_len=2.54, y_top=None):
    """Pins listed top to bottom on the left/right sides (None = gap), left to right on top/bottom."""
    rows = max(len(left), len(right))
    y0 = y_top if y_top is not None else 2.54 * ((rows - 1) // 2)
    y_min = y0 - 2.54 * (rows - 1)
    box_top, box_bottom = y0 + 2.54, y_min - 2.54
    pins = []
    for side, xs, ang in ((left, -half_width - pin_len, 0), (right, half_width + pin_len, 180)):
        for i, spec in enumerate(side):
            if spec:
                num, name, et = spec
                pins.append(Pin(num, name, et, xs, y0 - 2.54 * i, ang, pin_len))
    for edge, y, ang in ((top, box_top + pin_len, 270), (bottom, box_bottom - pin_len, 90)):
        n = len(edge)
        for i, spec in enumerate(edge):
            if spec:
                num, name, et = spec
                pins.append(Pin(num, name, et, 2.54 * (i - (n - 1) / 2), y, ang, pin_len))
    body = [rect(-half_width, box_top, half_width, box_bottom)]
    return LibSymbol(lib_id, ref, value, pins, body, name_offset=0.762,
                     ref_at=(-half_width, box_top + 1.27, 0), value_at=(-half_width, box_bottom - 1.27, 0))


def power(name, up=True):
    if up:
        body = [poly((-0.762, 1.27), (0, 2.54), width=0), poly((0, 0), (0, 2.54), width=0), poly((0, 2.54), (0.762, 1.27), width=0)]
        return LibSymbol(f"power:{name}", "#PWR", name, [Pin("1", name, "power_in", 0, 0, 90, 0, hidden=True)], body,
                         power=True, name_offset=0, ref_at=(0, -3.81, 0), value_at=(0, 3.556, 0))
    body = [poly((0, 0), (0, -1.27), (1.27, -1.27), (0, -2.54), (-1.27, -1.27), (0, -1.27), width=0)]
    return LibSymbol(f"power:{name}", "#PWR", name, [Pin("1", name, "power_in", 0, 0, 270, 0, hidden=True)], body,
                     power=True, name_offset=0, ref_at=(0, -6.35, 0), value_at=(0, -3.81, 0))


def build():
    L = {}

    def add(s):
        L[s.lib_id] = s

    add(two_pin_vertical("Device:R", "R", "R", [rect(-1.016, -2.54, 1.016, 2.54, fill="none")]))
    add(two_pin_vertical("Device:C", "C", "C", [poly((-2.032, -0.762), (2.032, -0.762), width=0.508),
                                                poly((-2.032, 0.762), (2.032, 0.762), width=0.508)], length=2.794))
    add(two_pin_vertical("Device:C_Polarized", "C", "C_Polarized",
                         [rect(-2.286, 0.508, 2.286, 1.016, fill="none"), rect(2.286, -0.508, -2.286, -1.016, fill="outline"),
                          poly((-1.778, 2.286), (-0.762, 2.286), width=0), poly((-1.27, 2.794), (-1.27, 1.778), width=0)],
                         length=2.794))
    add(two_pin_vertical("Device:L", "L", "L", [arc((0, 2.54), (0.635, 1.905), (0, 1.27)), arc((0, 1.27), (0.635, 0.635), (0, 0)),
                                                arc((0, 0), (0.635, -0.635), (0, -1.27)), arc((0, -1.27), (0.635, -1.905), (0, -2.54))]))
    add(two_pin_vertical("Device:Polyfuse", "F", "Fuse", [rect(-0.762, -2.54, 0.762, 2.54, fill="none"),
                                                         poly((0, 2.54), (0, -2.54), width=0)]))
    add(two_pin_vertical("Device:Buzzer", "BZ", "Buzzer", [circle(0, 0, 2.54), text("BZ", 0, 0, 1.0),
                                                           poly((1.524, 3.302), (2.54, 3.302), width=0),
                                                           poly((2.032, 3.81), (2.032, 2.794), width=0)],
                         names=("+", "-"), length=1.27))
    add(diode_like("Device:D", "D", "D", [poly((-1.27, 1.27), (-1.27, -1.27))]))
    add(diode_like("Device:D_Schottky", "D", "D_Schottky",
                   [poly((-1.905, 0.635), (-1.905, 1.27), (-1.27, 1.27), (-1.27, -1.27), (-0.635, -1.27), (-0.635, -0.635))]))
    add(diode_like("Device:D_Zener", "D", "D_Zener", [poly((-1.27, -1.27), (-1.27, 1.27), (-0.762, 1.27))]))
    add(LibSymbol("Device:D_TVS", "D", "D_TVS",
                  [Pin("1", "A1", "passive", -3.81, 0, 0, 2.54), Pin("2", "A2", "passive", 3.81, 0, 180, 2.54)],
                  [poly((1.27, 0), (-1.27, 0), width=0), poly((0.508, 1.27), (0, 1.27), (0, -1.27), (-0.508, -1.27)),
                   poly((-2.54, 1.27), (-2.54, -1.27), (2.54, 1.27), (2.54, -1.27), (-2.54, 1.27))],
                  hide_numbers=True, hide_names=True, name_offset=1.016, ref_at=(0, 2.54, 0), value_at=(0, -2.54, 0)))
    add(diode_like("Device:LED", "D", "LED", [poly((-1.27, 1.27), (-1.27, -1.27))],
                   extra=[poly((-3.048, -0.762), (-4.572, -2.286), (-3.81, -2.286), (-4.572, -2.286), (-4.572, -1.524)),
                          poly((-1.778, -0.762), (-3.302, -2.286), (-2.54, -2.286), (-3.302, -2.286), (-3.302, -1.524))]))
    add(mosfet("Device:Q_NMOS_GSD", False, {"G": "1", "S": "2", "D": "3"}))
    add(mosfet("Device:Q_PMOS_GDS", True, {"G": "1", "D": "2", "S": "3"}))
    add(LibSymbol("Device:Q_NPN_BEC", "Q", "Q_NPN_BEC",
                  [Pin("1", "B", "input", -5.08, 0, 0, 4.445), Pin("2", "E", "passive", 2.54, -5.08, 90, 2.54),
                   Pin("3", "C", "passive", 2.54, 5.08, 270, 2.54)],
                  [circle(1.27, 0, 2.8194), poly((0.635, 1.905), (0.635, -1.905), width=0.508),
                   poly((0.635, 0.635), (2.54, 2.54), width=0), poly((0.635, -0.635), (2.54, -2.54), width=0),
                   poly((1.27, -1.778), (1.778, -1.27), (2.286, -2.286), (1.27, -1.778), fill="outline")],
                  hide_names=True, name_offset=0, ref_at=(5.08, 1.27, 0), value_at=(5.08, -1.27, 0)))
    add(LibSymbol("Switch:SW_Push", "SW", "SW_Push",
                  [Pin("1", "1", "passive", -5.08, 0, 0, 2.032), Pin("2", "2", "passive", 5.08, 0, 180, 2.032)],
                  [circle(-2.032, 0, 0.508), circle(2.032, 0, 0.508), poly((0, 1.27), (0, 3.048), width=0),
                   poly((2.54, 1.27), (-2.54, 1.27), width=0)],
                  hide_numbers=True, hide_names=True, name_offset=1.016, ref_at=(1.27, 2.54, 0), value_at=(0, -1.524, 0)))
    for n in (2, 4, 8):
        add(connector(n))
    usb = box_ic("Connector:USB_B_Micro", "J", "USB_B_Micro",
                 [], [("1", "VBUS", "power_out"), None, ("3", "D+", "bidirectional"), ("2", "D-", "bidirectional"), ("4", "ID", "passive")],
                 bottom=[("6", "Shield", "passive"), ("5", "GND", "power_out")], half_width=5.08)
    add(usb)
    add(box_ic("Interface_USB:CH340C", "U", "CH340C",
               [("16", "VCC", "power_in"), ("4", "V3", "power_in"), ("5", "UD+", "bidirectional"), ("6", "UD-", "bidirectional"),
                ("15", "R232", "input"), ("7", "NC", "no_connect"), ("8", "NC", "no_connect"), ("1", "GND", "power_in")],
               [("2", "TXD", "output"), ("3", "RXD", "input"), ("13", "~{DTR}", "output"), ("14", "~{RTS}", "output"),
                ("9", "~{CTS}", "input"), ("10", "~{DSR}", "input"), ("11", "~{RI}", "input"), ("12", "~{DCD}", "input")],
               half_width=7.62))
    add(box_ic("Regulator_Switching:LM2596S-5", "U", "LM2596S-5",
               [("1", "VIN", "power_in"), None, ("5", "~{ON}/OFF", "input")],
               [("2", "OUTPUT", "output"), None, ("4", "FB", "input")],
               bottom=[("3", "GND", "power_in")], half_width=10.16, y_top=2.54))
    add(box_ic("Regulator_Linear:AMS1117-3.3", "U", "AMS1117-3.3",
               [("3", "VI", "power_in")], [("2", "VO", "power_out")], bottom=[("1", "GND", "power_in")], half_width=5.08, y_top=0))
    add(esp32())
    for name in ("+3V3", "+5V", "+VIN"):
        add(power(name, up=True))
    add(power("GND", up=False))
    add(LibSymbol("power:PWR_FLAG", "#FLG", "PWR_FLAG", [Pin("1", "pwr", "power_out", 0, 0, 90, 0)],
                  [poly((0, 0), (0, 1.27), (-1.016, 1.905), (0, 2.54), (1.016, 1.905), (0, 1.27), width=0)],
                  power=True, hide_numbers=True, name_offset=0, ref_at=(0, 1.905, 0), value_at=(0, 3.81, 0),
                  description="Special symbol for telling ERC where power comes from"))
    return L


# ESP32-WROOM-32E: module pin number -> (name, gpio or None), from the datasheet's pin definitions table.
WROOM32E_PINS = [
    ("1", "GND"), ("2", "3V3"), ("3", "EN"), ("4", "SENSOR_VP/IO36"), ("5", "SENSOR_VN/IO39"), ("6", "IO34"), ("7", "IO35"),
    ("8", "IO32"), ("9", "IO33"), ("10", "IO25"), ("11", "IO26"), ("12", "IO27"), ("13", "IO14"), ("14", "IO12"), ("15", "GND"),
    ("16", "IO13"), ("17", "NC"), ("18", "NC"), ("19", "NC"), ("20", "NC"), ("21", "NC"), ("22", "NC"), ("23", "IO15"),
    ("24", "IO2"), ("25", "IO0"), ("26", "IO4"), ("27", "IO16"), ("28", "IO17"), ("29", "IO5"), ("30", "IO18"), ("31", "IO19"),
    ("32", "NC"), ("33", "IO21"), ("34", "RXD0/IO3"), ("35", "TXD0/IO1"), ("36", "IO22"), ("37", "IO23"), ("38", "GND"), ("39", "GND"),
]


def esp32():
    name = dict(WROOM32E_PINS)
    io = "bidirectional"

    def p(n, et=io):
        return (n, name[n], et)

    left = [p("3", "input"), p("4", "input"), p("5", "input"), p("6", "input"), p("7", "input"), p("8"), p("9"), p("10"),
            p("11"), p("12"), p("13"), p("14"), p("16")]
    right = [p("25"), p("35"), p("24"), p("34"), p("26"), p("29"), p("23"), p("27"), p("28"), p("30"), p("31"), p("33"), p("36"), p("37")]
    top = [p("2", "power_in"), None, p("17", "no_connect"), p("18", "no_connect"), p("19", "no_connect"), p("20", "no_connect"),
           p("21", "no_connect"), p("22", "no_connect"), p("32", "no_connect")]
    bottom = [p("1", "power_in"), p("15", "power_in"), None, p("38", "power_in"), p("39", "power_in")]
    s = box_ic("RF_Module:ESP32-WROOM-32E", "U", "ESP32-WROOM-32E", left, right, top, bottom, half_width=15.24, pin_len=5.08, y_top=15.24)
    s.description = "ESP32-WROOM-32E Wi-Fi/BT module, 4/8/16 MB flash, pins 17-22 not connected"
    return s
