#!/usr/bin/env python3
"""Generates the O2O-CTRL-1 KiCad 6 project, its BOM and the broken test fixtures.

    python3 hardware/schematics/tools/generate.py

Deterministic and re-runnable: the same inputs give byte-identical files. The pin truth is
firmware/definitions/board-o2o-ctrl-1.json: the MCU sheet puts each function's hierarchical label on the
module pin of the GPIO named there; the test (tests/O2O.Hardware.Tests) checks the result independently.
"""
import csv
import io
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kisch import Sheet, SheetSymbol, key, uid  # noqa: E402
from symbols import WROOM32E_PINS, build, f  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SCH = os.path.dirname(HERE)
REPO = os.path.abspath(os.path.join(SCH, "..", ".."))
FIXTURES = os.path.join(REPO, "tests", "O2O.Hardware.Tests", "Fixtures")
G = 2.54

# ---- parts catalogue: value -> (footprint, manufacturer, MPN) ---------------------------------------------
R0603 = "Resistor_SMD:R_0603_1608Metric"
C0603 = "Capacitor_SMD:C_0603_1608Metric"
RES = {"0R": "RC0603JR-070RL", "100R": "RC0603FR-07100RL", "470R": "RC0603FR-07470RL", "1k": "RC0603FR-071KL",
       "4.7k": "RC0603FR-074K7L", "10k": "RC0603FR-0710KL", "100k": "RC0603FR-07100KL"}


class Project:
    def __init__(self, board):
        self.board = board
        self.lib = build()
        self.counters = {}
        self.sheets = []

    def next_ref(self, prefix):
        n = self.counters.get(prefix, 0) + 1
        self.counters[prefix] = n
        return f"{prefix}{n:03d}" if prefix.startswith("#") else f"{prefix}{n}"

    def sheet(self, name, title, comments=()):
        s = Sheet(name, f"{name}.kicad_sch", title)
        s.lib, s.project, s.comments = self.lib, self, list(comments)
        self.sheets.append(s)
        return s


def R(sh, value, pin, pt, rot=0):
    return sh.place_pin("Device:R", value, pin, pt, rot, fp=R0603, mfr="Yageo", mpn=RES[value])


def C(sh, value, pin, pt, rot=0):
    cat = {"100nF": ("Capacitor_SMD:C_0603_1608Metric", "Murata", "GRM188R71H104KA93D"),
           "1uF": ("Capacitor_SMD:C_0603_1608Metric", "Murata", "GRM188R61E105KA12D"),
           "10uF": ("Capacitor_SMD:C_0805_2012Metric", "Murata", "GRM21BR61E106KA73L"),
           "22uF": ("Capacitor_SMD:C_1206_3216Metric", "Murata", "GRM31CR61A226KE19L")}[value]
    return sh.place_pin("Device:C", value, pin, pt, rot, fp=cat[0], mfr=cat[1], mpn=cat[2])


def CP(sh, value, pin, pt, rot=0):
    cat = {"1000uF 50V": ("Capacitor_THT:CP_Radial_D12.5mm_P5.00mm", "Panasonic", "EEU-FR1H102"),
           "470uF 50V": ("Capacitor_THT:CP_Radial_D10.0mm_P5.00mm", "Panasonic", "EEU-FR1H471"),
           "220uF 10V": ("Capacitor_THT:CP_Radial_D6.3mm_P2.50mm", "Panasonic", "EEU-FR1A221"),
           "100uF 10V": ("Capacitor_SMD:CP_Elec_6.3x5.8", "Panasonic", "EEE-FK1A101P")}[value]
    return sh.place_pin("Device:C_Polarized", value, pin, pt, rot, fp=cat[0], mfr=cat[1], mpn=cat[2])


def down(pt, n=1):
    return (pt[0], pt[1] + G * n)


def right(pt, n=1):
    return (pt[0] + G * n, pt[1])


# ---- sheets ----------------------------------------------------------------------------------------------
def gpio_pins():
    """GPIO number -> WROOM-32E module pin number (parsed from the pin names)."""
    out = {}
    for num, name in WROOM32E_PINS:
        m = re.search(r"IO(\d+)$", name)
        if m:
            out[int(m.group(1))] = num
    return out


def sheet_mcu(pr):
    sh = pr.sheet("mcu", "ESP32-WROOM-32E module", ["Pin truth: firmware/definitions/board-o2o-ctrl-1.json"])
    u = sh.place("RF_Module:ESP32-WROOM-32E", "ESP32-WROOM-32E-N8", 147.32, 104.14, fp="RF_Module:ESP32-WROOM-32",
                 mfr="Espressif", mpn="ESP32-WROOM-32E-N8")
    b = pr.board
    directions = {**{k: "output" for k in b["outputs"]}, **{k: "input" for k in b["inputs"]},
                  **{k: "bidirectional" for k in b["buses"]}}
    directions["CONSOLE_TX"], directions["CONSOLE_RX"] = "output", "input"
    by_gpio = {g: name for group in ("outputs", "inputs", "buses") for name, g in b[group].items()}
    pins = gpio_pins()
    used = set()
    for gpio, fn in sorted(by_gpio.items()):
        num = pins[gpio]
        sh.hlabel(u, num, fn, directions[fn])
        used.add(num)
    # UART0 to the USB-UART bridge
    sh.hlabel(u, pins[1], "U0TXD", "output")
    sh.hlabel(u, pins[3], "U0RXD", "input")
    used |= {pins[1], pins[3]}
    # power
    sh.pwr(u, "2", "+3V3")
    sh.pwr_group(u, ["1", "15", "38", "39"], "GND")
    # EN: 10k pull-up, 1uF delay, reset button, to the auto-reset transistor
    en_stub = right(u.p("3"), -2)
    sh.wire(u.p("3"), en_stub, (en_stub[0], 68.58), (111.76, 68.58), (101.6, 68.58), (91.44, 68.58), (81.28, 68.58))
    sh.label_at("hierarchical_label", "EN", (81.28, 68.58), (-1, 0), "input")
    r = R(sh, "10k", "2", (111.76, 68.58))
    sh.pwr(r, "1", "+3V3")
    c = C(sh, "1uF", "1", (101.6, 68.58))
    sh.pwr(c, "2", "GND")
    sw = sh.place_pin("Switch:SW_Push", "RESET", "2", (91.44, 68.58), 90, fp="Button_Switch_SMD:SW_SPST_PTS810",
                      mfr="C&K", mpn="PTS810 SJM 250 SMTR LFS")
    sh.pwr(sw, "1", "GND")
    # IO0: 10k pull-up (boot from flash), BOOT button, auto-reset transistor
    io0_stub = right(u.p("25"), 2)
    sh.wire(u.p("25"), io0_stub, (io0_stub[0], 68.58), (182.88, 68.58), (193.04, 68.58), (228.6, 68.58))
    sh.label_at("hierarchical_label", "IO0", (228.6, 68.58), (1, 0), "bidirectional")
    r = R(sh, "10k", "2", (182.88, 68.58))
    sh.pwr(r, "1", "+3V3")
    sw = sh.place_pin("Switch:SW_Push", "BOOT", "2", (193.04, 68.58), 90, fp="Button_Switch_SMD:SW_SPST_PTS810",
                      mfr="C&K", mpn="PTS810 SJM 250 SMTR LFS")
    sh.pwr(sw, "1", "GND")
    # decoupling at module pin 2
    for x, v in ((144.78, "10uF"), (154.94, "100nF")):
        c = C(sh, v, "1", (x, 62.23))
        sh.pwr(c, "1", "+3V3")
        sh.pwr(c, "2", "GND")
    # everything else on the module is deliberately unconnected
    used |= {"1", "2", "3", "15", "25", "38", "39"}
    for num, _ in WROOM32E_PINS:
        if num not in used:
            sh.nc(u, num)
    sh.text("ESP32 boot rules on this board:\n"
            "- GPIO0, 2, 5, 12, 15 are strapping pins: only the status LED (2) and the TFT CS/DC lines (5, 15) use them.\n"
            "  GPIO12 (MTDI) is left open: its internal pull-down selects 3.3 V flash.\n"
            "- GPIO1/3 (UART0) go to the USB-UART bridge; GPIO14 is an input only (IN7).\n"
            "- GPIO34-39 are input-only without internal pulls: IN1-IN4 have 10k pull-ups on the inputs sheet.\n"
            "- Module pins 17-22 (internal flash, GPIO6-11) are not connected on the WROOM-32E.\n"
            "- No latch, relay or buzzer drive is on a strapping or boot-glitching pin.", 20.32, 144.78)
    return sh


def latch_channel(sh, n, qx, y):
    """One low-side latch/relay driver: OUTn -> 100R -> gate (100k to GND) -> N-MOSFET -> coil connector."""
    q = sh.place("Device:Q_NMOS_GSD", "IRLML0060", qx, y, fp="Package_TO_SOT_SMD:SOT-23", mfr="Infineon",
                 mpn="IRLML0060TRPBF")
    gate = q.p("G")
    j = right(gate, -2)  # gate node
    rg = R(sh, "100R", "2", right(j, -2.5), 90)
    sh.wire(rg.p("2"), j, gate)
    sh.hlabel(rg, "1", f"OUT{n}", "input")
    rpd = R(sh, "100k", "1", down(j, 1))
    sh.wire(j, rpd.p("1"))
    sh.pwr(rpd, "2", "GND")
    sh.pwr(q, "S", "GND")
    drain = q.p("D")
    d = sh.place_pin("Device:D_Schottky", "B160", "A", (drain[0], drain[1] - 2.54 * 3), 270, fp="Diode_SMD:D_SMA",
                     mfr="Diodes Inc.", mpn="B160-13-F")
    t = (drain[0], drain[1] - 2.54 * 2)
    sh.wire(d.p("A"), t, drain)
    sh.pwr(d, "K", "+VIN")
    jc = sh.place_pin("Connector_Generic:Conn_01x02", f"COIL{n}", "2", right(t, 5), fp="Connector_JST:JST_XH_B2B-XH-A_1x02_P2.50mm_Vertical",
                      mfr="JST", mpn="B2B-XH-A(LF)(SN)")
    sh.wire(jc.p("2"), t)
    sh.pwr(jc, "1", "+VIN")


def sheet_latches(pr):
    sh = pr.sheet("latches", "Latch and relay drivers (OUT1-OUT4)")
    for i in range(4):
        latch_channel(sh, i + 1, 50.8 + 66.04 * i, 110.49)
    sh.text("Latch / relay drivers, one per OUTn (active high).\n"
            "- Logic-level N-MOSFET low side switch (IRLML0060: 60 V, Vgs(th) <= 2.5 V, ~0.15 ohm at 3.3 V gate drive).\n"
            "- 100 ohm gate series resistor limits the GPIO edge current; 100k gate pull-down keeps the coil off\n"
            "  while the pin floats (reset, boot, firmware crash), so a latch cannot unlock by itself.\n"
            "- Schottky flyback diode across each coil: cathode on +VIN (coil supply), anode on the drain.\n"
            "- Coil connector pin 1 = +VIN (12-24 V), pin 2 = switched low side. Coil current <= 1 A.\n"
            "- massage-chair and karaoke-booth use OUT1/OUT2 as the session relay driver (same circuit).", 20.32, 30.48)
    return sh


def input_channel(sh, n, xc, y):
    """One switch input: connector -> ESD diode -> 1k series -> node (10k pull-up to 3V3, 100nF to GND) -> INn."""
    j = sh.place_pin("Connector_Generic:Conn_01x02", f"SW{n}", "1", (xc, y), 180,
                     fp="Connector_JST:JST_XH_B2B-XH-A_1x02_P2.50mm_Vertical", mfr="JST", mpn="B2B-XH-A(LF)(SN)")
    sh.pwr(j, "2", "GND")
    a = right(j.p("1"), 3)
    esd = sh.place_pin("Device:D_TVS", "PESD5V0S1BA", "2", a, 90, fp="Diode_SMD:D_SOD-323", mfr="Nexperia", mpn="PESD5V0S1BA,115")
    sh.pwr(esd, "1", "GND")
    rs = R(sh, "1k", "1", right(a, 2), 90)
    sh.wire(j.p("1"), a, rs.p("1"))
    node = right(rs.p("2"), 3)
    sh.wire(rs.p("2"), node)
    pu = R(sh, "10k", "2", down(node, -1))
    sh.wire(node, pu.p("2"))
    sh.pwr(pu, "1", "+3V3")
    c = C(sh, "100nF", "1", down(node, 1))
    sh.wire(node, c.p("1"))
    sh.pwr(c, "2", "GND")
    end = right(node, 3)
    sh.wire(node, end)
    sh.label_at("hierarchical_label", f"IN{n}", end, (1, 0), "output")


def sheet_inputs(pr):
    sh = pr.sheet("inputs", "Switch inputs (IN1-IN8)")
    for i in range(8):
        col, row = divmod(i, 4)
        input_channel(sh, i + 1, 30.48 + 88.9 * col, 58.42 + 35.56 * row)
    sh.text("Door / item switch inputs, active low (switch to GND).\n"
            "- 10k pull-up to +3V3 on every input: mandatory on IN1-IN4 (GPIO34-39 have no internal pulls).\n"
            "- 1k series + 100nF: RC filter (switch opening: 10k x 100nF = 1 ms; closing: ~0.1 ms), and the 1k\n"
            "  limits the current into the ESP32 clamp diodes. Closed switch reads 3.3 V x 1k/11k = 0.3 V.\n"
            "- PESD5V0S1BA bidirectional ESD diode at each connector (IEC 61000-4-2 +-30 kV contact).", 20.32, 25.4)
    return sh


def sheet_buzzer(pr):
    sh = pr.sheet("buzzer", "Buzzer driver (BEEP)")
    q = sh.place("Device:Q_NPN_BEC", "MMBT3904", 127.0, 104.14, fp="Package_TO_SOT_SMD:SOT-23", mfr="onsemi", mpn="MMBT3904LT1G")
    base = q.p("B")
    j = right(base, -2)
    rb = R(sh, "1k", "2", right(j, -2.5), 90)
    sh.wire(rb.p("2"), j, base)
    sh.hlabel(rb, "1", "BEEP", "input")
    rpd = R(sh, "10k", "1", down(j, 1))
    sh.wire(j, rpd.p("1"))
    sh.pwr(rpd, "2", "GND")
    sh.pwr(q, "E", "GND")
    col = q.p("C")
    t = down(col, -2)
    bz = sh.place_pin("Device:Buzzer", "5V magnetic", "2", down(t, -1), fp="Buzzer_Beeper:Buzzer_12x9.5RM7.6",
                      mfr="CUI Devices", mpn="CEM-1205C")
    sh.wire(bz.p("2"), t, col)
    top = down(bz.p("1"), -1)
    sh.wire(bz.p("1"), top)
    sh.power_at("+5V", down(top, -1), (0, -1))
    sh.wire(top, down(top, -1))
    dx = right(t, 6)
    d = sh.place_pin("Device:D", "1N4148W", "A", dx, 270, fp="Diode_SMD:D_SOD-123", mfr="Diodes Inc.", mpn="1N4148W-7-F")
    sh.wire(t, dx)
    sh.wire(d.p("K"), (d.p("K")[0], top[1]), top)
    sh.text("Buzzer: magnetic transducer on +5V, NPN low-side switch, active high (BEEP = GPIO19, not a strapping pin).\n"
            "1k base resistor (~2.6 mA base current), 10k base pull-down keeps it silent while the pin floats at boot,\n"
            "1N4148W flyback diode across the coil.", 50.8, 50.8)
    return sh


def sheet_display(pr):
    sh = pr.sheet("display", "Display connectors and I2C pull-ups")
    # OLED (SSD1306, I2C): 1 GND, 2 VCC, 3 SCL, 4 SDA
    oled = sh.place("Connector_Generic:Conn_01x04", "OLED I2C", 223.52, 60.96, fp="Connector_PinHeader_2.54mm:PinHeader_1x04_P2.54mm_Vertical",
                    mfr="Wurth Elektronik", mpn="61300411121")
    sh.pwr(oled, "1", "GND")
    sh.pwr(oled, "2", "+3V3", length=5.08)
    for pin, net, tap_x, up in (("3", "I2C_SCL", 195.58, True), ("4", "I2C_SDA", 185.42, False)):
        p = oled.p(pin)
        tap = (tap_x, p[1])
        sh.wire(p, tap, (170.18, p[1]))
        sh.label_at("hierarchical_label", net, (170.18, p[1]), (-1, 0), "bidirectional")
        r = R(sh, "4.7k", "2" if up else "1", tap)  # SDA's pull-up hangs below its line (no crossing)
        sh.pwr(r, "1" if up else "2", "+3V3")
    # TFT (ST7789, SPI): 1 GND, 2 VCC, 3 SCL(SCK), 4 SDA(MOSI), 5 RES, 6 DC, 7 CS, 8 BLK
    tft = sh.place("Connector_Generic:Conn_01x08", "TFT SPI", 223.52, 142.24, fp="Connector_PinHeader_2.54mm:PinHeader_1x08_P2.54mm_Vertical",
                   mfr="Wurth Elektronik", mpn="61300811121")
    sh.pwr(tft, "1", "GND")
    sh.pwr(tft, "2", "+3V3", length=5.08)
    for pin, net in (("3", "SPI_SCK"), ("4", "SPI_MOSI"), ("6", "TFT_DC")):
        p = tft.p(pin)
        sh.wire(p, (170.18, p[1]))
        sh.label_at("hierarchical_label", net, (170.18, p[1]), (-1, 0), "input")
    # CS: 10k pull-up keeps the display deselected and GPIO5's strap at its default (high) during boot
    p = tft.p("7")
    tap = (187.96, p[1])
    sh.wire(p, tap, (170.18, p[1]))
    sh.label_at("hierarchical_label", "TFT_CS", (170.18, p[1]), (-1, 0), "input")
    r = R(sh, "10k", "1", tap)
    sh.pwr(r, "2", "+3V3")
    # RES: power-on reset RC (10k / 1uF, ~10 ms); the firmware also sends SWRESET
    sh.label(tft, "5", "TFT_RST")
    node = (93.98, 157.48)
    sh.wire(node, (83.82, node[1]))
    sh.label_at("label", "TFT_RST", (83.82, node[1]), (-1, 0))
    r = R(sh, "10k", "2", down(node, -1))
    sh.wire(node, r.p("2"))
    sh.pwr(r, "1", "+3V3")
    c = C(sh, "1uF", "1", down(node, 1))
    sh.wire(node, c.p("1"))
    sh.pwr(c, "2", "GND")
    # BLK: backlight always on through a 0R link (no spare GPIO); remove it to turn the backlight off
    sh.label(tft, "8", "TFT_BL")
    r = R(sh, "0R", "2", (119.38, 160.02))
    sh.pwr(r, "1", "+3V3")
    sh.label(r, "2", "TFT_BL")
    sh.text("Displays (one fitted per model: powerbank/umbrella use the SSD1306 OLED, the others the ST7789 TFT).\n"
            "- I2C (I2C_SDA GPIO21, I2C_SCL GPIO22) is shared with the tag readers; the 4.7k pull-ups live here.\n"
            "- TFT_CS on GPIO5 and TFT_DC on GPIO15 are strapping pins: both are harmless if they toggle at boot;\n"
            "  the CS pull-up keeps GPIO5 high (its default) and the display deselected.\n"
            "- TFT RES: RC power-on reset. BLK: backlight on via R (0R).", 20.32, 25.4)
    return sh


def sheet_usb(pr):
    sh = pr.sheet("usb_console", "USB-UART bridge, auto-reset and console header")
    usb = sh.place("Connector:USB_B_Micro", "USB_B_Micro", 40.64, 81.28, fp="Connector_USB:USB_Micro-B_Molex-105017-0001",
                   mfr="Molex", mpn="1050170001")
    sh.nc(usb, "4")
    sh.pwr(usb, "5", "GND")
    sh.pwr(usb, "6", "GND")
    vb = right(usb.p("1"), 4)
    d = sh.place_pin("Device:D_Schottky", "SS14", "A", vb, 180, fp="Diode_SMD:D_SMA", mfr="onsemi", mpn="SS14")
    sh.wire(usb.p("1"), vb)
    sh.pwr(d, "K", "+5V")
    sh.label(usb, "3", "USB_D+", length=7.62)
    sh.label(usb, "2", "USB_D-", length=7.62)
    u = sh.place("Interface_USB:CH340C", "CH340C", 111.76, 88.9, fp="Package_SO:SOIC-16_3.9x9.9mm_P1.27mm", mfr="WCH", mpn="CH340C")
    sh.pwr_group(u, ["16", "4"], "+3V3", length=5.08)
    sh.label(u, "5", "USB_D+", length=5.08)
    sh.label(u, "6", "USB_D-", length=5.08)
    for n in ("15", "7", "8", "9", "10", "11", "12"):
        sh.nc(u, n)
    sh.pwr(u, "1", "GND", length=5.08)
    c = C(sh, "100nF", "1", (86.36, 60.96))
    sh.pwr(c, "1", "+3V3")
    sh.pwr(c, "2", "GND")
    # UART0: bridge TXD -> ESP RXD0, bridge RXD <- ESP TXD0 (470R series each)
    for pin, net, shape in (("2", "U0RXD", "output"), ("3", "U0TXD", "input")):
        p = u.p(pin)
        r = R(sh, "470R", "1", right(p, 2 if pin == "2" else 7), 90)
        sh.wire(p, r.p("1"))
        sh.hlabel(r, "2", net, shape, length=5.08)
    sh.label(u, "13", "DTR", length=5.08)
    sh.label(u, "14", "RTS", length=5.08)
    # auto-reset: DTR/RTS -> EN/IO0 through two NPNs (esptool / nanoff "classic reset")
    for i, (base_net, emit_net, coll_net) in enumerate((("DTR", "RTS", "EN"), ("RTS", "DTR", "IO0"))):
        q = sh.place("Device:Q_NPN_BEC", "MMBT3904", 182.88, 78.74 + 40.64 * i, fp="Package_TO_SOT_SMD:SOT-23", mfr="onsemi",
                     mpn="MMBT3904LT1G")
        rb = R(sh, "10k", "2", right(q.p("B"), -2), 90)
        sh.wire(rb.p("2"), q.p("B"))
        sh.label(rb, "1", base_net, length=2.54)
        sh.label(q, "E", emit_net, length=5.08)
        sh.hlabel(q, "C", coll_net, "output", length=5.08)
    # console header: 1 GND, 2 CONSOLE_TX (board output), 3 CONSOLE_RX (board input), 4 +3V3
    jc = sh.place("Connector_Generic:Conn_01x04", "CONSOLE", 76.2, 157.48, fp="Connector_PinHeader_2.54mm:PinHeader_1x04_P2.54mm_Vertical",
                  mfr="Wurth Elektronik", mpn="61300411121")
    sh.pwr(jc, "1", "GND")
    sh.hlabel(jc, "2", "CONSOLE_TX", "input", length=7.62)
    sh.hlabel(jc, "3", "CONSOLE_RX", "output", length=7.62)
    sh.pwr(jc, "4", "+3V3", length=12.7)
    sh.text("USB-UART (CH340C, internal oscillator, 3.3 V I/O: VCC and V3 on +3V3) on UART0 (GPIO1/GPIO3).\n"
            "Auto-reset: DTR/RTS drive EN and IO0 through two NPNs, so esptool/nanoff enter the ROM bootloader\n"
            "without buttons (DTR=1,RTS=0 -> EN low; DTR=0,RTS=1 -> IO0 low; both equal -> both released).\n"
            "USB VBUS feeds +5V through SS14 so the board can be flashed from USB alone.\n"
            "CONSOLE header: the firmware's text console (CONSOLE_TX GPIO17, CONSOLE_RX GPIO16), 3.3 V levels.", 20.32, 25.4)
    return sh


def sheet_tags(pr):
    sh = pr.sheet("tags_status", "Tag readers (I2C) and status LED")
    sda_x, scl_x = 83.82, 93.98
    top = 55.88
    for i in range(4):
        j = sh.place("Connector_Generic:Conn_01x04", f"TAG{i + 1}", 160.02, 66.04 + 27.94 * i,
                     fp="Connector_JST:JST_PH_B4B-PH-K_1x04_P2.00mm_Vertical", mfr="JST", mpn="B4B-PH-K-S(LF)(SN)")
        sh.pwr(j, "1", "+3V3", length=25.4)
        sh.pwr(j, "2", "GND", length=15.24)
        sh.wire(j.p("3"), (sda_x, j.p("3")[1]))
        sh.wire(j.p("4"), (scl_x, j.p("4")[1]))
        last = j
    sh.wire((sda_x, top), (sda_x, last.p("3")[1]))
    sh.wire((scl_x, top - 2.54), (scl_x, last.p("4")[1]))
    sh.wire((sda_x, top), (sda_x - 10.16, top))
    sh.label_at("hierarchical_label", "I2C_SDA", (sda_x - 10.16, top), (-1, 0), "bidirectional")
    sh.wire((scl_x, top - 2.54), (sda_x - 10.16, top - 2.54))
    sh.label_at("hierarchical_label", "I2C_SCL", (sda_x - 10.16, top - 2.54), (-1, 0), "bidirectional")
    # status LED on GPIO2 (strapping pin: the LED + 1k load it lightly towards GND, which is the strap's default)
    r = sh.place("Device:R", "1k", 233.68, 99.06, 90, fp=R0603, mfr="Yageo", mpn=RES["1k"])
    sh.hlabel(r, "1", "STATUS_LED", "input")
    t = right(r.p("2"), 2)
    led = sh.place_pin("Device:LED", "green", "A", t, 90, fp="LED_SMD:LED_0603_1608Metric",
                       mfr="Lite-On", mpn="LTST-C191KGKT")
    sh.wire(r.p("2"), t)
    sh.pwr(led, "K", "GND")
    sh.text("Tag readers: one per slot, all on the shared I2C bus (each at its own address), 3.3 V.\n"
            "Connector: 1 +3V3, 2 GND, 3 SDA, 4 SCL (JST PH). Bus pull-ups are on the display sheet.\n"
            "STATUS_LED on GPIO2 (strapping pin; must be low/floating for download mode: the LED to GND keeps it so).", 20.32, 25.4)
    return sh


def sheet_power_in(pr):
    sh = pr.sheet("power_in", "12-24 V input and reverse-polarity protection")
    j = sh.place("Connector_Generic:Conn_01x02", "12-24V IN", 40.64, 101.6, 180,
                 fp="TerminalBlock_Phoenix:TerminalBlock_Phoenix_MKDS-1,5-2-5.08_1x02_P5.08mm_Horizontal",
                 mfr="Phoenix Contact", mpn="1729128")
    sh.pwr(j, "2", "GND")
    fuse = sh.place_pin("Device:Polyfuse", "4A", "1", right(j.p("1"), 3), 90, fp="Fuse:Fuse_Littelfuse-NANO2-451_453",
                        mfr="Littelfuse", mpn="0451004.MRL")
    sh.wire(j.p("1"), fuse.p("1"))
    path_y = fuse.p("2")[1]
    q = sh.place_pin("Device:Q_PMOS_GDS", "AOD4185", "D", right(fuse.p("2"), 3), 270, fp="Package_TO_SOT_SMD:TO-252-2",
                     mfr="Alpha & Omega", mpn="AOD4185")
    sh.wire(fuse.p("2"), q.p("D"))
    gn = down(q.p("G"), -1)
    sh.wire(q.p("G"), gn)
    rg = R(sh, "10k", "2", down(gn, -1))
    sh.wire(gn, rg.p("2"))
    sh.pwr(rg, "1", "GND")
    z = sh.place_pin("Device:D_Zener", "15V", "A", right(gn, 1), 180, fp="Diode_SMD:D_SOD-123", mfr="Diodes Inc.", mpn="MMSZ5245B-7-F")
    sh.wire(gn, z.p("A"))
    node = (z.p("K")[0], path_y)
    sh.wire(z.p("K"), node)
    sh.wire(q.p("S"), node)
    tvs_x = right(node, 5)
    tvs = sh.place_pin("Device:D_Zener", "SMBJ26A", "K", tvs_x, 270, fp="Diode_SMD:D_SMB", mfr="Littelfuse", mpn="SMBJ26A")
    sh.wire(node, tvs_x)
    sh.pwr(tvs, "A", "GND")
    out = right(tvs_x, 5)
    sh.wire(tvs_x, out)
    sh.power_at("+VIN", down(out, -2), (0, -1))
    sh.wire(out, down(out, -2))
    sh.wire(out, right(out, 3))
    sh.flag(right(out, 3))
    sh.text("12-24 V DC input (vending cabinet supply).\n"
            "- 4 A fuse, then a P-MOSFET ideal-diode reverse-polarity switch: correct polarity turns it on\n"
            "  (Vgs = -Vin, clamped to -15 V by the zener), reversed polarity keeps it off (body diode blocks).\n"
            "- SMBJ26A TVS clamps surges on +VIN (standoff 26 V, clamp 42 V; everything on +VIN is rated >= 45 V).\n"
            "- +VIN feeds the latch coils directly and the logic supply through an isolation diode (power sheet).", 20.32, 25.4)
    return sh


def sheet_supply(pr):
    sh = pr.sheet("power_supply", "5 V buck, 3.3 V LDO and bulk capacitance")
    # latch rail bulk capacitors on +VIN
    for x in (30.48, 50.8):
        c = CP(sh, "1000uF 50V", "1", (x, 78.74))
        sh.pwr(c, "1", "+VIN")
        sh.pwr(c, "2", "GND")
    # isolation diode and hold-up capacitor for the logic
    d = sh.place("Device:D_Schottky", "SS36", 66.04, 73.66, 180, fp="Diode_SMD:D_SMC", mfr="Vishay", mpn="SS36-E3/57T")
    a = right(d.p("A"), -2)
    sh.wire(d.p("A"), a, down(a, -2))
    sh.power_at("+VIN", down(a, -2), (0, -1))
    vb = right(d.p("K"), 3)
    sh.wire(d.p("K"), vb)
    sh.wire(vb, down(vb, -2))
    sh.flag(down(vb, -2))
    chold = CP(sh, "470uF 50V", "1", vb)
    sh.pwr(chold, "2", "GND")
    u = sh.place("Regulator_Switching:LM2596S-5", "LM2596S-5.0", 119.38, 76.2, fp="Package_TO_SOT_SMD:TO-263-5_TabPin3",
                 mfr="Texas Instruments", mpn="LM2596S-5.0/NOPB")
    vin = u.p("VIN")
    c = C(sh, "100nF", "1", right(vin, -5))
    sh.wire(vb, c.p("1"), vin)
    sh.pwr(c, "2", "GND")
    on = u.p("~{ON}/OFF")
    sh.wire(on, right(on, -1), down(right(on, -1), 2))
    sh.power_at("GND", down(right(on, -1), 2), (0, 1))
    sh.pwr(u, "GND", "GND")
    sw = right(u.p("OUTPUT"), 6)
    sh.wire(u.p("OUTPUT"), sw)
    dc = sh.place_pin("Device:D_Schottky", "SS36", "K", sw, 270, fp="Diode_SMD:D_SMC", mfr="Vishay", mpn="SS36-E3/57T")
    sh.pwr(dc, "A", "GND")
    ind = sh.place_pin("Device:L", "33uH", "1", right(sw, 2), 90, fp="Inductor_SMD:L_Bourns_SRR1260", mfr="Bourns", mpn="SRR1260-330M")
    sh.wire(sw, ind.p("1"))
    v5 = right(ind.p("2"), 3)
    sh.wire(ind.p("2"), v5)
    sh.pwr(u, "FB", "+5V")  # fixed 5.0 V version: FB senses the output directly
    cout = CP(sh, "220uF 10V", "1", v5)
    sh.pwr(cout, "2", "GND")
    c2 = C(sh, "100nF", "1", right(v5, 5))
    sh.wire(v5, c2.p("1"))
    sh.pwr(c2, "2", "GND")
    v5b = right(v5, 9)
    sh.wire(c2.p("1"), v5b)
    sh.power_at("+5V", down(v5b, -2), (0, -1))
    sh.wire(v5b, down(v5b, -2))
    sh.wire(v5b, right(v5b, 3))
    sh.flag(right(v5b, 3))
    # 3.3 V LDO
    ldo = sh.place("Regulator_Linear:AMS1117-3.3", "AMS1117-3.3", 236.22, 76.2, fp="Package_TO_SOT_SMD:SOT-223-3_TabPin2",
                   mfr="Advanced Monolithic Systems", mpn="AMS1117-3.3")
    vi = ldo.p("VI")
    ci = C(sh, "10uF", "1", right(vi, -3))
    sh.wire(ci.p("1"), vi)
    sh.pwr(ci, "2", "GND")
    sh.power_at("+5V", down(right(vi, -6), -2), (0, -1))
    sh.wire(ci.p("1"), right(vi, -6), down(right(vi, -6), -2))
    sh.pwr(ldo, "GND", "GND")
    vo = ldo.p("VO")
    co = C(sh, "22uF", "1", right(vo, 3))
    sh.wire(vo, co.p("1"))
    sh.pwr(co, "2", "GND")
    cb = CP(sh, "100uF 10V", "1", right(vo, 7))
    sh.wire(co.p("1"), cb.p("1"))
    sh.pwr(cb, "2", "GND")
    o3 = right(vo, 10)
    sh.wire(cb.p("1"), o3)
    sh.power_at("+3V3", down(o3, -2), (0, -1))
    sh.wire(o3, down(o3, -2))
    sh.text("BULK CAPACITANCE SIZING - a latch pulse must not brown out the ESP32\n"
            "Load on +VIN: 4 latch/relay coils, <= 1.0 A each at 12 V or 24 V; pulse 300-500 ms (latchPulseMs), max 1 s.\n"
            "The firmware pulses one latch at a time; the budget covers all four at once (stuck output or fault): I = 4 x 1.0 A = 4.0 A.\n"
            "1) Latch rail (C on +VIN, 2 x 1000 uF = 2000 uF): supplies the coil inrush edge while the PSU loop reacts (<= 1 ms):\n"
            "   dV = I x t / C = 4.0 A x 1 ms / 2000 uF = 2.0 V droop on +VIN.\n"
            "2) Logic isolation: SS36 + 470 uF hold-up feed only the buck. When +VIN sags during a pulse (weak adapter,\n"
            "   long cable), the diode blocks and the 470 uF alone carries the logic: P = 5 V x 0.6 A / 0.8 = 3.75 W.\n"
            "   The LM2596 needs >= 7 V in for 5.0 V out. Hold-up from 11.5 V (12 V - diode) down to 7 V:\n"
            "   t = C x (V1^2 - V2^2) / (2 P) = 470 uF x (11.5^2 - 7^2) / 7.5 W = 5.2 ms (at 24 V input: 31 ms).\n"
            "   So +VIN may dip by up to 4.5 V for the whole pulse, or collapse completely for 5 ms, without a reset.\n"
            "3) +3V3: 22 uF + 100 uF after the LDO (+ 10 uF/100 nF at the module) cover Wi-Fi TX bursts (~500 mA).\n"
            "The supply itself must deliver the steady coil current of the active pulse plus ~0.4 A logic (>= 2 A at 12 V).",
            20.32, 109.22)
    return sh


# ---- root ------------------------------------------------------------------------------------------------
def root_sheet(pr, children):
    root = Sheet("root", "o2o-ctrl-1.kicad_sch", "O2O-CTRL-1 controller board", paper="A3")
    root.lib, root.project = pr.lib, pr
    root.comments = ["Pin truth: firmware/definitions/board-o2o-ctrl-1.json", "ESP32-WROOM-32E, 12-24 V, 4 latch drivers, 8 inputs"]
    by = {c.name: c for c in children}

    def hier(child):
        labels = []
        for kind, name, pt, ang, shape, u in child.labels:
            if kind == "hierarchical_label" and name not in [n for n, _ in labels]:
                labels.append((name, shape))
        return labels

    mcu_pins = hier(by["mcu"])
    order = [n for g in ("outputs", "inputs", "buses") for n in pr.board[g]] + ["U0TXD", "U0RXD", "EN", "IO0"]
    mcu_pins.sort(key=lambda p: order.index(p[0]))
    y = 45.72
    sym = SheetSymbol(root, by["mcu"], 63.5, y, 55.88, 2.54 * (len(mcu_pins) + 1), right=mcu_pins)
    root.sheets.append(sym)
    x_right = 254.0
    for name in ("latches", "inputs", "buzzer", "display", "usb_console", "tags_status"):
        pins = hier(by[name])
        pins.sort(key=lambda p: order.index(p[0]) if p[0] in order else 99)
        h = 2.54 * (len(pins) + 1)
        s = SheetSymbol(root, by[name], x_right, y, 63.5, h, left=pins)
        root.sheets.append(s)
        y += h + 10.16
    yp = 190.5
    for name in ("power_in", "power_supply"):
        s = SheetSymbol(root, by[name], 63.5, yp, 55.88, 12.7)
        root.sheets.append(s)
        yp += 25.4
    for s in root.sheets:
        for pname, _, pt, ang in s.pins:
            d = (-1, 0) if ang == 180 else (1, 0)
            end = (pt[0] + d[0] * 5.08, pt[1])
            root.wire(pt, end)
            root.label_at("label", pname, end, d)
    root.text("O2O-CTRL-1: ESP32 controller for scan-to-pay vending machines\n"
              "(power-bank cabinets, umbrella stations, lockers, massage chairs, karaoke booths).\n\n"
              "Every GPIO function of firmware/definitions/board-o2o-ctrl-1.json is a net of the same name:\n"
              "a hierarchical label on the ESP32 module pin (MCU sheet) and on the circuit it drives, joined here.\n"
              "tests/O2O.Hardware.Tests parses these files and fails if schematic and definition disagree.\n\n"
              "Power: 12-24 V in -> reverse-polarity protection -> +VIN (latch coils) -> isolated buck 5 V -> LDO 3.3 V.",
              25.4, 251.46, 1.5)
    return root


def project_file(children_syms):
    sheets = [[uid("root", "sheet-file"), ""]] + [[s.uuid, s.child.title] for s in children_syms]
    return {
        "board": {"design_settings": {}, "layer_presets": []},
        "boards": [],
        "cvpcb": {"equivalence_files": []},
        "erc": {"erc_exclusions": [], "meta": {"version": 0}, "pin_map": [], "rule_severities": {}},
        "libraries": {"pinned_footprint_libs": [], "pinned_symbol_libs": []},
        "meta": {"filename": "o2o-ctrl-1.kicad_pro", "version": 1},
        "net_settings": {"classes": [{"bus_width": 12.0, "clearance": 0.2, "diff_pair_gap": 0.25, "diff_pair_via_gap": 0.25,
                                      "diff_pair_width": 0.2, "line_style": 0, "microvia_diameter": 0.3, "microvia_drill": 0.1,
                                      "name": "Default", "pcb_color": "rgba(0, 0, 0, 0.000)", "schematic_color": "rgba(0, 0, 0, 0.000)",
                                      "track_width": 0.25, "via_diameter": 0.8, "via_drill": 0.4, "wire_width": 6.0}],
                         "meta": {"version": 2}, "net_colors": None},
        "pcbnew": {"last_paths": {}, "page_layout_descr_file": ""},
        "schematic": {"annotate_start_num": 0, "drawing": {"default_line_thickness": 6.0, "default_text_size": 50.0,
                                                           "field_names": [{"name": "MPN", "visible": False},
                                                                           {"name": "Manufacturer", "visible": False}],
                                                           "intersheets_ref_own_page": False, "intersheets_ref_prefix": "",
                                                           "intersheets_ref_short": False, "intersheets_ref_show": False,
                                                           "intersheets_ref_suffix": "", "junction_size_choice": 3,
                                                           "label_size_ratio": 0.375, "pin_symbol_size": 25.0, "text_offset_ratio": 0.15},
                       "legacy_lib_dir": "", "legacy_lib_list": [], "meta": {"version": 1}, "net_format_name": "",
                       "page_layout_descr_file": "", "plot_directory": "", "spice_adjust_passive_values": False,
                       "spice_external_command": "spice \"%I\"", "subpart_first_id": 65, "subpart_id_separator": 0},
        "sheets": sheets,
        "text_variables": {},
    }


def build_project(board):
    pr = Project(board)
    children = [sheet_power_in(pr), sheet_supply(pr), sheet_mcu(pr), sheet_latches(pr), sheet_inputs(pr), sheet_buzzer(pr),
                sheet_display(pr), sheet_usb(pr), sheet_tags(pr)]
    root = root_sheet(pr, children)
    for s in children + [root]:
        s.finalize()
    return pr, root, children


def instances(root, children):
    syms = {s.child.name: s for s in root.sheets}
    order = ["mcu", "power_in", "power_supply", "latches", "inputs", "buzzer", "display", "usb_console", "tags_status"]
    lines = ["  (sheet_instances", '    (path "/" (page "1"))']
    for i, name in enumerate(order, 2):
        lines.append(f'    (path "/{syms[name].uuid}" (page "{i}"))')
    lines.append("  )")
    lines.append("")
    lines.append("  (symbol_instances")
    rows = []
    for c in children:
        for p in c.parts:
            rows.append((f"/{syms[c.name].uuid}/{p.uuid}", p))
    for path, p in sorted(rows, key=lambda r: r[0]):
        lines.append(f'    (path "{path}"\n      (reference "{p.ref}") (unit 1) (value "{p.value}") (footprint "{p.props.get("Footprint", "")}")\n    )')
    lines.append("  )")
    return "\n".join(lines) + "\n"


def bom(children):
    groups = {}
    for c in children:
        for p in c.parts:
            if not p.in_bom:
                continue
            k = (p.value, p.props["Footprint"], p.props["Manufacturer"], p.props["MPN"])
            groups.setdefault(k, []).append(p.ref)

    def refkey(r):
        m = re.match(r"([A-Z]+)(\d+)", r)
        return (m.group(1), int(m.group(2)))

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["Designators", "Qty", "Value", "Footprint", "Manufacturer", "MPN"])
    for k, refs in sorted(groups.items(), key=lambda kv: refkey(sorted(kv[1], key=refkey)[0])):
        refs = sorted(refs, key=refkey)
        w.writerow([" ".join(refs), len(refs), k[0], k[1], k[2], k[3]])
    return out.getvalue()


GPIO_NOTES = {
    0: "strapping pin (low = ROM download mode); outputs PWM at boot",
    1: "UART0 TX: boot log, high at boot",
    2: "strapping pin (must be low or floating for download mode)",
    3: "UART0 RX: high at boot",
    4: "ordinary GPIO",
    5: "strapping pin (SDIO timing, default high); outputs PWM at boot",
    12: "strapping pin MTDI (high = 1.8 V flash!)",
    13: "ordinary GPIO, quiet at boot",
    14: "outputs PWM at boot",
    15: "strapping pin MTDO (boot log on/off, default high); outputs PWM at boot",
    16: "ordinary GPIO (UART2 RX)",
    17: "ordinary GPIO (UART2 TX)",
    18: "VSPI SCK",
    19: "ordinary GPIO, quiet at boot",
    21: "default I2C SDA",
    22: "default I2C SCL",
    23: "VSPI MOSI",
    25: "ordinary GPIO (DAC1), quiet at boot",
    26: "ordinary GPIO (DAC2), quiet at boot",
    27: "ordinary GPIO, quiet at boot",
    32: "ordinary GPIO (32 kHz crystal pin, unused)",
    33: "ordinary GPIO (32 kHz crystal pin, unused)",
    34: "input-only, no internal pull-up/down",
    35: "input-only, no internal pull-up/down",
    36: "input-only (SENSOR_VP), no internal pull-up/down",
    39: "input-only (SENSOR_VN), no internal pull-up/down",
}


def pinout_md(board, models):
    pins = gpio_pins()
    names = dict(WROOM32E_PINS)
    uses = {}
    for m in models:
        for i, slot in enumerate(m.get("slots", []), 1):
            for role in ("latch", "door", "item"):
                if role in slot:
                    uses.setdefault(slot[role], []).append(f"{m['model']} slot {i} {role}")
        s = m.get("session")
        if s:
            uses.setdefault(s["relay"], []).append(f"{m['model']} session relay")
            uses.setdefault(s["estop"], []).append(f"{m['model']} emergency stop")
    circuit = {"OUT": "logic-level N-MOSFET low-side driver, 100R gate, 100k gate pull-down, flyback diode (latches sheet)",
               "IN": "10k pull-up to +3V3, 1k + 100nF RC filter, ESD diode (inputs sheet)"}
    special = {"BEEP": "NPN buzzer driver with 10k base pull-down (buzzer sheet)",
               "STATUS_LED": "1k + green LED to GND (tags_status sheet); the LED load keeps the strap at its default",
               "TFT_CS": "TFT chip select with 10k pull-up: display deselected and strap at its default (display sheet)",
               "TFT_DC": "TFT data/command; harmless if it toggles at boot (display sheet)",
               "I2C_SDA": "4.7k pull-up (display sheet); OLED and the four tag readers",
               "I2C_SCL": "4.7k pull-up (display sheet); OLED and the four tag readers",
               "SPI_SCK": "TFT clock", "SPI_MOSI": "TFT data",
               "CONSOLE_TX": "text console header pin 2 (usb_console sheet)",
               "CONSOLE_RX": "text console header pin 3 (usb_console sheet)"}
    direction = {"outputs": "out", "inputs": "in", "buses": "bus"}
    lines = ["# O2O-CTRL-1 pinout", "",
             "Generated by `hardware/schematics/tools/generate.py` from `firmware/definitions/board-o2o-ctrl-1.json` (the pin truth)",
             "and the device models; `tests/O2O.Hardware.Tests` checks this table, the schematic nets and the ESP32 pin rules",
             "against that file. Module pins are those of the ESP32-WROOM-32E datasheet's pin-definition table.", "",
             "## Board functions", "",
             "| Function | GPIO | Module pin | Net | Direction | Circuit | Strapping / boot behaviour | Used by |",
             "|---|---|---|---|---|---|---|---|"]
    for group in ("outputs", "inputs", "buses"):
        for fn, gpio in board[group].items():
            d = direction[group]
            if fn in ("I2C_SDA", "I2C_SCL"):
                d = "bidir (open drain)"
            elif fn in ("SPI_SCK", "SPI_MOSI", "CONSOLE_TX"):
                d = "out"
            elif fn == "CONSOLE_RX":
                d = "in"
            what = special.get(fn) or circuit[re.match(r"[A-Z]+", fn).group(0)]
            used = "; ".join(uses.get(fn, [])) or "all models" if fn not in uses else "; ".join(uses[fn])
            lines.append(f"| `{fn}` | {gpio} | {pins[gpio]} ({names[pins[gpio]]}) | {fn} | {d} | {what} | {GPIO_NOTES.get(gpio, '')} | {used} |")
    lines += ["", "## Other module pins", "",
              "| Module pin | Name | Net | Notes |", "|---|---|---|---|",
              "| 1, 15, 38, 39 | GND | GND | |",
              "| 2 | 3V3 | +3V3 | 10 uF + 100 nF at the pin |",
              "| 3 | EN | EN | 10k pull-up, 1 uF to GND, RESET button, auto-reset transistor from DTR/RTS |",
              "| 25 | IO0 | IO0 | strapping pin: 10k pull-up (boot from flash), BOOT button, auto-reset transistor |",
              "| 35 | TXD0/IO1 | U0TXD | to the CH340C RXD through 470R (flashing with nanoff/esptool) |",
              "| 34 | RXD0/IO3 | U0RXD | from the CH340C TXD through 470R |",
              "| 14 | IO12 | not connected | strapping pin MTDI: left open, its internal pull-down selects 3.3 V flash |",
              "| 17-22 | NC | not connected | the in-package flash (GPIO6-11) on the WROOM-32 family; never used |",
              "| 32 | NC | not connected | |", "",
              "## Rules (enforced by tests/O2O.Hardware.Tests)", "",
              "- Latch, relay (OUTn used by any model) and buzzer (BEEP) drives avoid the strapping pins 0, 2, 5, 12, 15 and the pins",
              "  that output PWM or go high at boot (0, 1, 3, 5, 14, 15).",
              "- No output on GPIO34-39 (input-only); inputs there have an external pull-up resistor to +3V3.",
              "- Nothing uses GPIO6-11 (flash); module pins 17-22 stay unconnected.",
              "- Every latch driver has its flyback diode across the coil (cathode to +VIN, anode to the drain) and a gate pull-down.",
              "- Each function above is a net of exactly that name on the module pin of its GPIO.", ""]
    return "\n".join(lines)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="\n") as fh:
        fh.write(text)


def main():
    with open(os.path.join(REPO, "firmware", "definitions", "board-o2o-ctrl-1.json")) as fh:
        board = json.load(fh)
    pr, root, children = build_project(board)
    for c in children:
        write(os.path.join(SCH, c.file), c.render())
    write(os.path.join(SCH, root.file), root.render(instances(root, children)))
    write(os.path.join(SCH, "o2o-ctrl-1.kicad_pro"), json.dumps(project_file(root.sheets), indent=2, sort_keys=True) + "\n")
    write(os.path.join(SCH, "bom.csv"), bom(children))

    # ---- broken fixtures for the test: each differs from the real design by exactly one thing ----
    latches = next(c for c in children if c.name == "latches")
    drop = next(p for p in latches.parts if p.lib.lib_id == "Device:D_Schottky")  # OUT1's flyback diode
    keep = latches.parts
    latches.parts = [p for p in keep if p is not drop]
    write(os.path.join(FIXTURES, "no-flyback", "latches.kicad_sch"), latches.render())
    latches.parts = keep
    inputs = next(c for c in children if c.name == "inputs")
    # IN1's pull-up: the 10k whose pin 2 sits on the IN1 node (first channel, first pull-up placed)
    drop = next(p for p in inputs.parts if p.lib.lib_id == "Device:R" and p.value == "10k")
    keep = inputs.parts
    inputs.parts = [p for p in keep if p is not drop]
    write(os.path.join(FIXTURES, "no-pullup-in1", "inputs.kicad_sch"), inputs.render())
    inputs.parts = keep

    def board_variant(name, change):
        b = json.loads(json.dumps(board))
        change(b)
        write(os.path.join(FIXTURES, name), json.dumps(b, indent=2) + "\n")

    board_variant("board-out1-on-gpio12.json", lambda b: b["outputs"].__setitem__("OUT1", 12))
    board_variant("board-out1-on-gpio2.json", lambda b: b["outputs"].__setitem__("OUT1", 2))

    def rename_beep(b):
        b["outputs"] = {("BUZZER" if k == "BEEP" else k): v for k, v in b["outputs"].items()}
    board_variant("board-unknown-function.json", rename_beep)
    models = []
    defs = os.path.join(REPO, "firmware", "definitions")
    for name in sorted(os.listdir(defs)):
        if name.endswith(".json") and not name.startswith("board-"):
            with open(os.path.join(defs, name)) as fh:
                models.append(json.load(fh))
    write(os.path.join(REPO, "docs", "pinout.md"), pinout_md(board, models))
    print(f"wrote {len(children) + 1} sheets, {sum(len(c.parts) for c in children)} symbols")


if __name__ == "__main__":
    main()
