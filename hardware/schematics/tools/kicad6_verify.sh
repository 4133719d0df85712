#!/usr/bin/env bash
# Opens the project in KiCad 6's eeschema under Xvfb and lets KiCad itself check and render it:
#   1. screenshot after loading (any extra top-level window = an error dialog = failure),
#   2. File > Plot > SVG > "Plot All Pages"      -> one SVG per sheet, drawn by KiCad,
#   3. File > Export > Netlist (KiCad format)     -> verification/o2o-ctrl-1.kicad-export.net,
#   4. Inspect > Electrical Rules Checker > Run   -> verification/erc.rpt.
# KiCad 6 has no kicad-cli, so this drives the GUI with xdotool; the click positions are for a 1920x1080 screen
# with the editor window maximised (as set up below). Debian 12: apt-get install kicad xvfb xdotool imagemagick librsvg2-bin
#
#   hardware/schematics/tools/kicad6_verify.sh [output-dir]     (default: /tmp/o2o-kicad6)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp/o2o-kicad6}
rm -rf "$out" && mkdir -p "$out/plot" "$out/home/.config/kicad/6.0"
printf '(sym_lib_table\n)\n' > "$out/home/.config/kicad/6.0/sym-lib-table"
printf '(fp_lib_table\n)\n' > "$out/home/.config/kicad/6.0/fp-lib-table"
export DISPLAY=${DISPLAY_NUM:-:97}

Xvfb "$DISPLAY" -screen 0 1920x1080x24 >/dev/null 2>&1 &
xvfb=$!
eeschema_pid=""
cleanup() { [ -n "$eeschema_pid" ] && kill "$eeschema_pid" 2>/dev/null; kill "$xvfb" 2>/dev/null; rm -f "$here/o2o-ctrl-1.kicad_prl"; }
trap cleanup EXIT
sleep 2

windows() { for w in $(xdotool search --name "" 2>/dev/null); do n=$(xdotool getwindowname "$w" 2>/dev/null || true); [ -n "$n" ] && [ "$n" != eeschema ] && echo "$w $n"; done; true; }
wait_for() { for _ in $(seq 1 60); do w=$(xdotool search --name "$1" 2>/dev/null | head -1); [ -n "$w" ] && { echo "$w"; return 0; }; sleep 1; done; echo "timeout waiting for $1" >&2; return 1; }
click() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-1}"; }
# GTK file dialogs open a location popup on "/": type it, let the popup appear, then the rest
typepath() { xdotool key ctrl+a; sleep 0.5; xdotool type --delay 50 "/"; sleep 1; xdotool type --delay 50 "${1#/}"; sleep 1; }

HOME="$out/home" eeschema "$here/o2o-ctrl-1.kicad_sch" >"$out/eeschema.log" 2>&1 &
eeschema_pid=$!
# first start in a fresh HOME asks where to keep settings: accept the defaults
first=$(wait_for "Configure KiCad Settings Path")
xdotool key --window "$first" Return
editor=$(wait_for "Schematic Editor")
sleep 5
xdotool windowmove "$editor" 0 0 windowsize "$editor" 1920 1080
sleep 3
windows > "$out/windows-after-load.txt"
import -window root "$out/01-loaded-root.png"
if grep -v "Schematic Editor" "$out/windows-after-load.txt" | grep -q .; then
  echo "FAILED: extra windows (error dialogs?) after loading:"; cat "$out/windows-after-load.txt"; exit 1
fi
echo "loaded without dialogs: $(cat "$out/windows-after-load.txt")"

# File > Plot... : SVG, all pages
click 20 10; click 49 317 3
wait_for "Plot Schematic Options" >/dev/null
click 1000 319; xdotool key ctrl+a; xdotool type --delay 10 "$out/plot/"
click 574 415; click 1290 760 15
import -window root "$out/02-plot-dialog.png"
xdotool key Escape; sleep 2

# File > Export > Netlist... (KiCad format)
click 20 10; click 60 215; xdotool key Right; sleep 1; click 420 240 3
wait_for "Export Netlist" >/dev/null
click 1169 713 3
wait_for "Save Netlist File" >/dev/null
typepath "$out/o2o-ctrl-1.net"; xdotool key Return; sleep 4

# Inspect > Electrical Rules Checker: run and save the report
click 210 12; click 287 37 3
wait_for "Electrical Rules Checker" >/dev/null || true
click 1271 718 8
import -window root "$out/03-erc.png"
click 1272 664 3
typepath "$out/erc.rpt"; xdotool key Return; sleep 3

ls -la "$out" "$out/plot"
grep -E "ERC messages" "$out/erc.rpt" || true
