using System.CommandLine;
using System.Text;
using System.Text.Json;

namespace O2O.EdgeAgent.Cli;

/// <summary><c>tail</c>: device events as the agent stores them (GET /events/stream, server-sent events), until Ctrl+C.</summary>
public static class TailCommand
{
    public static void AddTo(RootCommand root, CliContext context)
    {
        var tail = new Command("tail", "Print device events live, one line each, until Ctrl+C");
        tail.SetAction(async (parsed, cancellationToken) =>
        {
            using AgentClient client = context.Connect(parsed);
            using HttpResponseMessage response = await client.OpenStreamAsync("events/stream", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new CliException(ExitCodes.Failed, $"the agent refused the event stream ({(int)response.StatusCode})");
            }

            // Said on the error stream so stdout stays events only; the agent subscribes before sending headers,
            // so from here on no event is missed.
            parsed.InvocationConfiguration.Error.WriteLine("streaming device events (Ctrl+C to stop)");
            try
            {
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    if (line.StartsWith("data:", StringComparison.Ordinal))
                    {
                        context.Output.WriteLine(Format(line["data:".Length..].Trim()));
                        context.Output.Flush();
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
            catch (IOException)
            {
                throw new CliException(ExitCodes.Unreachable, "the agent closed the event stream");
            }

            // The agent ends the stream when it stops.
            throw new CliException(ExitCodes.Unreachable, "the agent closed the event stream");
        });
        root.Subcommands.Add(tail);
    }

    /// <summary>"cab-001 b1#42 dispensed slot=3 order=o-1 code=E2" (or "cab-001 b1#9 seq_gap missed=5-8"), leaving out what the event does not carry.</summary>
    public static string Format(string json)
    {
        JsonElement evt = JsonSerializer.Deserialize<JsonElement>(json);
        var line = new StringBuilder();
        line.Append(Text(evt, "deviceId")).Append(' ').Append(Text(evt, "boot")).Append('#').Append(Text(evt, "seq")).Append(' ').Append(Text(evt, "type"));
        foreach (string name in (string[])["slot", "order", "code", "missed"])
        {
            string value = Text(evt, name);
            if (value.Length > 0)
            {
                line.Append(' ').Append(name).Append('=').Append(value);
            }
        }

        return line.ToString();
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : "";
}
