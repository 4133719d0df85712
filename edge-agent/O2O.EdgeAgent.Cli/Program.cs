using System.CommandLine;

namespace O2O.EdgeAgent.Cli;

/// <summary>
/// o2o-agent: devices, commands, outbox, live events, offline pools and conflicts, and maintenance openings of the edge agent, through its local admin API.
/// <see cref="RunAsync(string[], TextWriter, TextWriter)"/> is the whole program, so tests run it in-process.
/// </summary>
public static class Program
{
    public const string DefaultUrl = "http://127.0.0.1:8099";
    public const string TokenVariable = "O2O_ADMIN_TOKEN";

    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => RunAsync(args, output, error, CancellationToken.None);

    /// <summary>As above; cancelling <paramref name="cancellationToken"/> acts like Ctrl+C (how tests end <c>tail</c>).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // A TTY gets a progress bar redrawn in place; a pipe or a test's writer gets plain lines.
        bool interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var url = new Option<string>("--url") { Description = "Address of the agent's local API", DefaultValueFactory = _ => DefaultUrl, Recursive = true };
        // No DefaultValueFactory here on purpose: help prints defaults, and this one would be the secret itself.
        var token = new Option<string?>("--token") { Description = $"Admin bearer token (default: ${TokenVariable})", Recursive = true };
        var root = new RootCommand("Operate the O2O edge agent through its local admin API.") { url, token };

        Func<ParseResult, AgentClient> connect = parsed =>
            new AgentClient(parsed.GetValue(url)!, parsed.GetValue(token) ?? Environment.GetEnvironmentVariable(TokenVariable));
        var context = new CliContext(connect, output, interactive);
        DeviceCommands.AddTo(root, context);
        OutboxCommands.AddTo(root, context);
        TailCommand.AddTo(root, context);
        SiteFlowCommands.AddTo(root, context);

        try
        {
            ParseResult result = root.Parse(args);
            if (result.Errors.Count > 0)
            {
                // One line, not the library's error-plus-full-help page.
                error.WriteLine($"error: {result.Errors[0].Message} (see o2o-agent --help)");
                return ExitCodes.Usage;
            }

            return await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (CliException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C in the middle of a request; tail and drain treat it as their normal end themselves.
            error.WriteLine("interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex)
        {
            // Whatever slipped through still gets one line: an operator at a shell has no use for a stack trace.
            error.WriteLine($"error: {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.Failed;
        }
    }
}

/// <summary>What every command needs: a way to reach the agent and where to write.</summary>
public sealed record CliContext(Func<ParseResult, AgentClient> Connect, TextWriter Output, bool Interactive);
