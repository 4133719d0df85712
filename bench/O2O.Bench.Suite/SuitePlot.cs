using System.Globalization;
using System.Text;

namespace O2O.Bench.Suite;

/// <summary>
/// suite.svg, written by hand (no plotting package): throughput against N and p99 latency against N, ours beside
/// mosquitto, N on a log scale. Latency is on a log scale too: saturated and 1 event/s latencies differ by 100×.
/// </summary>
internal static class SuitePlot
{
    private const int PanelWidth = 460, PanelHeight = 320, Left = 70, Top = 40, Right = 20, Bottom = 50;

    private sealed record Series(string Name, string Color, bool Dashed, List<(double N, double Value)> Points);

    public static string Svg(IReadOnlyList<SuiteRun> runs)
    {
        Series Of(string name, string color, bool dashed, Func<SuiteRun, double?> value) =>
            new(name, color, dashed, runs.Select(r => (N: (double)r.Devices, V: value(r))).Where(p => p.V is > 0).Select(p => (p.N, p.V!.Value)).ToList());

        Series[] throughput =
        [
            Of("agent: durable events/s", "#1f77b4", false, r => SuiteRun.Number(r.Agent, "ThroughputEventsPerSecond")),
            Of("mosquitto: PUBACKs/s", "#d62728", false, r => SuiteRun.Number(r.Peer, "ThroughputEventsPerSecond")),
        ];
        Series[] latency =
        [
            Of("agent p99, saturated", "#1f77b4", false, r => SuiteRun.Number(r.Agent, "ThroughputP99Ms")),
            Of("mosquitto p99, saturated", "#d62728", false, r => SuiteRun.Number(r.Peer, "ThroughputP99Ms")),
            Of("agent p99, 1 event/s per device", "#1f77b4", true, r => SuiteRun.Number(r.Agent, "SteadyP99Ms")),
            Of("mosquitto p99, 1 event/s per device", "#d62728", true, r => SuiteRun.Number(r.Peer, "SteadyP99Ms")),
            Of("unlock p99 (Orders)", "#2ca02c", true, r => SuiteRun.Number(r.Orders, "UnlockP99Ms")),
        ];

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{PanelWidth * 2}\" height=\"{PanelHeight + 110}\" font-family=\"sans-serif\" font-size=\"12\">");
        sb.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        Panel(sb, 0, "Throughput against devices (saturated)", "events/s", logY: false, throughput);
        Panel(sb, PanelWidth, "p99 latency against devices", "ms (log)", logY: true, latency);
        sb.AppendLine("</svg>");
        return sb.ToString();
    }

    private static void Panel(StringBuilder sb, int x0, string title, string yLabel, bool logY, Series[] series)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        double plotW = PanelWidth - Left - Right, plotH = PanelHeight - Top - Bottom;
        sb.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{x0 + (PanelWidth / 2)}\" y=\"20\" text-anchor=\"middle\" font-weight=\"bold\">{title}</text>");
        sb.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{x0 + Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#888\"/>");
        sb.AppendLine(CultureInfo.InvariantCulture, $"<text transform=\"translate({x0 + 14},{Top + (plotH / 2)}) rotate(-90)\" text-anchor=\"middle\">{yLabel}</text>");
        sb.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{x0 + Left + (plotW / 2)}\" y=\"{PanelHeight - 12}\" text-anchor=\"middle\">devices (log scale)</text>");
        if (points.Count == 0)
        {
            return;
        }

        // x: log10 of N, padded half a decade each side so the end points sit inside the frame.
        double xMin = Math.Log10(points.Min(p => p.N)) - 0.25, xMax = Math.Log10(points.Max(p => p.N)) + 0.25;
        double X(double n) => x0 + Left + (plotW * (Math.Log10(n) - xMin) / (xMax - xMin));
        double yMin, yMax;
        if (logY)
        {
            yMin = Math.Floor(Math.Log10(points.Min(p => p.Value)));
            yMax = Math.Ceiling(Math.Log10(points.Max(p => p.Value)));
            yMax = Math.Max(yMax, yMin + 1);
        }
        else
        {
            yMin = 0;
            yMax = NiceCeiling(points.Max(p => p.Value));
        }

        double Y(double v) => Top + plotH - (plotH * ((logY ? Math.Log10(v) : v) - yMin) / (yMax - yMin));

        foreach (double n in points.Select(p => p.N).Distinct().Order())
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{X(n):F1}\" y1=\"{Top}\" x2=\"{X(n):F1}\" y2=\"{Top + plotH}\" stroke=\"#eee\"/><text x=\"{X(n):F1}\" y=\"{Top + plotH + 16}\" text-anchor=\"middle\">{n.ToString("N0", CultureInfo.InvariantCulture)}</text>");
        }

        IEnumerable<double> ticks = logY
            ? Enumerable.Range((int)yMin, (int)(yMax - yMin) + 1).Select(e => Math.Pow(10, e))
            : Enumerable.Range(0, 6).Select(i => yMax * i / 5);
        foreach (double tick in ticks)
        {
            double y = logY ? Y(tick) : Top + plotH - (plotH * tick / yMax);
            sb.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{x0 + Left}\" y1=\"{y:F1}\" x2=\"{x0 + Left + plotW}\" y2=\"{y:F1}\" stroke=\"#eee\"/><text x=\"{x0 + Left - 6}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{tick.ToString(tick < 1 ? "0.##" : "N0", CultureInfo.InvariantCulture)}</text>");
        }

        for (int i = 0; i < series.Length; i++)
        {
            Series s = series[i];
            string dash = s.Dashed ? " stroke-dasharray=\"6 4\"" : "";
            if (s.Points.Count > 0)
            {
                string path = string.Join(' ', s.Points.OrderBy(p => p.N).Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.N):F1},{Y(p.Value):F1}")));
                sb.AppendLine(CultureInfo.InvariantCulture, $"<polyline points=\"{path}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\"{dash}/>");
                foreach ((double n, double v) in s.Points)
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"<circle cx=\"{X(n):F1}\" cy=\"{Y(v):F1}\" r=\"3\" fill=\"{s.Color}\"><title>{s.Name}: {v.ToString("G4", CultureInfo.InvariantCulture)} at {n} devices</title></circle>");
                }
            }

            // Legend under the panel.
            double ly = PanelHeight + 8 + (i * 18);
            sb.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{x0 + Left}\" y1=\"{ly:F0}\" x2=\"{x0 + Left + 28}\" y2=\"{ly:F0}\" stroke=\"{s.Color}\" stroke-width=\"2\"{dash}/><text x=\"{x0 + Left + 36}\" y=\"{ly + 4:F0}\">{s.Name}</text>");
        }
    }

    /// <summary>The smallest of 1, 2, 2.5, 5 × 10^k at or above the value, so the linear axis ends on a round number.</summary>
    private static double NiceCeiling(double value)
    {
        double decade = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * decade).First(c => c >= value);
    }
}
