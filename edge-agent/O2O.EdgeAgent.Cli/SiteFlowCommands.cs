using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace O2O.EdgeAgent.Cli;

/// <summary>
/// <c>pools</c>, <c>conflicts</c>, <c>journal</c> and <c>open</c>: the offline token cache, what reconciliation
/// reported back, the technicians' maintenance openings, and a maintenance opening with a technician's pass.
/// </summary>
public static class SiteFlowCommands
{
    public static void AddTo(RootCommand root, CliContext context)
    {
        var pools = new Command("pools", "Show each device's offline token pool and its unreconciled offline sales");
        pools.SetAction(async (parsed, cancellationToken) =>
        {
            using AgentClient client = context.Connect(parsed);
            JsonElement rows = await client.GetJsonAsync("offline/pools", cancellationToken);
            TextTable.Write(context.Output, ["DEVICE", "READY", "UNRECONCILED", "AMOUNT"], rows.EnumerateArray().Select(p => new[]
            {
                p.GetProperty("deviceId").GetString()!,
                Number(p, "ready"),
                Number(p, "unreconciled"),
                Number(p, "unreconciledAmount"),
            }));
            return ExitCodes.Ok;
        });

        var conflicts = new Command("conflicts", "List the conflicts the cloud reported for offline redemptions (a token sold twice, redeemed but never sold)");
        conflicts.SetAction(async (parsed, cancellationToken) =>
        {
            using AgentClient client = context.Connect(parsed);
            JsonElement rows = await client.GetJsonAsync("offline/conflicts", cancellationToken);
            if (rows.GetArrayLength() == 0)
            {
                context.Output.WriteLine("no conflicts");
                return ExitCodes.Ok;
            }

            TextTable.Write(context.Output, ["RECEIVED (UTC)", "TOKEN", "KIND", "DETAIL"], rows.EnumerateArray().Select(c => new[]
            {
                Time(c.GetProperty("receivedMs").GetInt64()),
                c.GetProperty("tokenId").GetString()!,
                c.GetProperty("kind").GetString()!,
                c.GetProperty("detail").GetString() ?? "",
            }));
            return ExitCodes.Ok;
        });

        root.Subcommands.Add(pools);
        root.Subcommands.Add(conflicts);
        root.Subcommands.Add(Journal(context));
        root.Subcommands.Add(Open(context));
    }

    private static Command Journal(CliContext context)
    {
        var limit = new Option<int>("--limit") { Description = "How many of the latest openings (1-1000)", DefaultValueFactory = _ => 50 };
        var journal = new Command("journal", "List the latest maintenance openings: who opened which slot, from where") { limit };
        journal.SetAction(async (parsed, cancellationToken) =>
        {
            int count = parsed.GetValue(limit);
            if (count is < 1 or > 1000)
            {
                throw new CliException(ExitCodes.Usage, "--limit must be 1-1000");
            }

            using AgentClient client = context.Connect(parsed);
            JsonElement rows = await client.GetJsonAsync("maintenance/journal?limit=" + count.ToString(CultureInfo.InvariantCulture), cancellationToken);
            if (rows.GetArrayLength() == 0)
            {
                context.Output.WriteLine("no maintenance openings");
                return ExitCodes.Ok;
            }

            TextTable.Write(context.Output, ["AT (UTC)", "TECHNICIAN", "DEVICE", "SLOT", "FROM", "COMMAND"], rows.EnumerateArray().Select(o => new[]
            {
                Time(o.GetProperty("atMs").GetInt64()),
                o.GetProperty("technicianId").GetString()!,
                o.GetProperty("deviceId").GetString()!,
                Number(o, "slot"),
                o.GetProperty("source").GetString()!,
                o.GetProperty("commandId").GetString() ?? "-",
            }));
            return ExitCodes.Ok;
        });
        return journal;
    }

    private static Command Open(CliContext context)
    {
        var slot = new Argument<int>("slot") { Description = "Slot number (the device is the one the pass names)" };
        // A file (or '-' for standard input), never an argument: arguments end up in shell history and in ps.
        var passFile = new Option<string>("--pass-file") { Description = "File holding the technician's pass from the cloud, or - for standard input", Required = true };
        var open = new Command("open", "Open a slot for maintenance with a technician's pass; the agent checks the pass and journals the opening") { slot, passFile };
        open.SetAction(async (parsed, cancellationToken) =>
        {
            int number = parsed.GetValue(slot);
            if (number < 0)
            {
                throw new CliException(ExitCodes.Usage, "slot must be 0 or more");
            }

            string pass = (await ReadPassAsync(parsed.GetValue(passFile)!, cancellationToken)).Trim();
            if (pass.Length == 0)
            {
                throw new CliException(ExitCodes.Usage, "the pass file is empty");
            }

            using AgentClient client = context.Connect(parsed);
            JsonElement opened = await client.PostJsonAsync("maintenance/unlock", new { pass, slot = number }, cancellationToken);
            context.Output.WriteLine($"slot {number} opening sent ({opened.GetProperty("commandId").GetString()}), journal entry {opened.GetProperty("journalId").GetInt64()}");
            return ExitCodes.Ok;
        });
        return open;
    }

    private static async Task<string> ReadPassAsync(string path, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            return await Console.In.ReadToEndAsync(cancellationToken);
        }

        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"cannot read the pass file: {e.Message}");
        }
    }

    private static string Number(JsonElement element, string name) => element.GetProperty(name).GetInt64().ToString(CultureInfo.InvariantCulture);

    private static string Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
