namespace O2O.EdgeAgent.Cli;

/// <summary>Exit codes, distinct per cause so scripts (and systemd units) can tell a bad token from a down agent.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The agent answered but said no (a refused command), or drain timed out.</summary>
    public const int Failed = 1;

    public const int Usage = 2;

    public const int Unreachable = 3;

    public const int Unauthorized = 4;

    public const int NotFound = 5;

    /// <summary>Ctrl+C, as shells report SIGINT (128 + 2).</summary>
    public const int Interrupted = 130;
}

/// <summary>A failure already phrased for the operator: printed as one line, never with a stack trace.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
