using System.CommandLine;
using System.Globalization;

namespace O2O.EdgeAgent.Cli;

/// <summary><c>outbox</c> and <c>drain</c>: the events stored but not yet acknowledged by the cloud, read from /metrics.</summary>
public static class OutboxCommands
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static void AddTo(RootCommand root, CliContext context)
    {
        var outbox = new Command("outbox", "Show the outbox: events waiting for the cloud, store size, oldest age, failures, evictions");
        outbox.SetAction(async (parsed, cancellationToken) =>
        {
            using AgentClient client = context.Connect(parsed);
            IReadOnlyDictionary<string, double> metrics = Parse(await client.GetTextAsync("metrics", cancellationToken));
            TextTable.Write(context.Output, ["events waiting", Number(metrics, "o2o_outbox_events")],
            [
                ["store bytes", Number(metrics, "o2o_outbox_bytes")],
                ["oldest age", Number(metrics, "o2o_outbox_oldest_age_seconds") + " s"],
                ["upload failures", Number(metrics, "o2o_upload_failures_total")],
                ["evictions", Number(metrics, "o2o_evictions_total")],
            ]);
            return ExitCodes.Ok;
        });

        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait before giving up (exit 1)", DefaultValueFactory = _ => 300 };
        var drain = new Command("drain", "Wait until every stored event has been acknowledged by the cloud") { timeout };
        drain.SetAction(async (parsed, cancellationToken) =>
        {
            // Checked here, not in a validator: a validator also runs when the value did not parse, and then throws.
            int seconds = parsed.GetValue(timeout);
            if (seconds <= 0)
            {
                throw new CliException(ExitCodes.Usage, "--timeout must be a positive number of seconds");
            }

            using AgentClient client = context.Connect(parsed);
            return await DrainAsync(client, context, TimeSpan.FromSeconds(seconds), cancellationToken);
        });

        root.Subcommands.Add(outbox);
        root.Subcommands.Add(drain);
    }

    /// <summary>Prometheus text exposition: "name value" lines; comments and labelled series are not needed here.</summary>
    public static IReadOnlyDictionary<string, double> Parse(string text)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = line.Split(' ');
            if (!line.StartsWith('#') && parts.Length == 2 && !parts[0].Contains('{') && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                values[parts[0]] = value;
            }
        }

        return values;
    }

    private static async Task<int> DrainAsync(AgentClient client, CliContext context, TimeSpan timeout, CancellationToken cancellationToken)
    {
        TextWriter output = context.Output;
        DateTime deadline = DateTime.UtcNow + timeout;
        double start = 0;
        double? shown = null;
        while (true)
        {
            double waiting = Waiting(Parse(await client.GetTextAsync("metrics", cancellationToken)));
            // New events may arrive while draining; progress is measured against the most ever seen waiting.
            start = Math.Max(start, waiting);
            if (waiting != shown)
            {
                Progress(output, context.Interactive, start, waiting);
                shown = waiting;
            }

            if (waiting == 0)
            {
                EndLine(output, context.Interactive);
                output.WriteLine("outbox drained");
                return ExitCodes.Ok;
            }

            if (DateTime.UtcNow >= deadline)
            {
                EndLine(output, context.Interactive);
                output.WriteLine($"timed out after {timeout.TotalSeconds:0} s: {waiting:0} events still waiting");
                return ExitCodes.Failed;
            }

            try
            {
                await Task.Delay(PollInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                EndLine(output, context.Interactive);
                output.WriteLine($"interrupted: {waiting:0} events still waiting");
                return ExitCodes.Interrupted;
            }
        }
    }

    private static double Waiting(IReadOnlyDictionary<string, double> metrics) =>
        metrics.TryGetValue("o2o_outbox_events", out double value)
            ? value
            : throw new CliException(ExitCodes.Failed, "the agent's /metrics has no o2o_outbox_events");

    private static void Progress(TextWriter output, bool interactive, double start, double waiting)
    {
        int percent = start == 0 ? 100 : (int)Math.Floor(100 * (start - waiting) / start);
        if (!interactive)
        {
            output.WriteLine($"{percent,3}% {waiting:0} events waiting");
            return;
        }

        const int width = 30;
        int filled = percent * width / 100;
        // Carriage return and trailing blanks: redraw the same line, wiping a longer previous one.
        output.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {percent,3}% {waiting:0} events waiting    ");
        output.Flush();
    }

    private static void EndLine(TextWriter output, bool interactive)
    {
        if (interactive)
        {
            output.WriteLine();
        }
    }

    private static string Number(IReadOnlyDictionary<string, double> metrics, string name) =>
        metrics.TryGetValue(name, out double value) ? value.ToString("0.###", CultureInfo.InvariantCulture) : "?";
}
