namespace O2O.Simulator;

/// <summary>The simulator's command line: <c>[--headless] [--scenario NAME] [--run-dir DIR]</c>.</summary>
public sealed record SimulatorCommandLine(bool Headless, string? Scenario, string RunDirectory)
{
    public const string Usage = """
        Usage: o2o-sim [--headless] [--scenario rent|offline-rent] [--run-dir DIR]
          (no options)     start the local stack and keep it running until Ctrl+C
          --scenario NAME  run a scripted scenario against the stack (available: rent, offline-rent)
          --headless       exit when the scenario ends: 0 on success, 1 with the reason on failure
          --run-dir DIR    where the run's files go (default: ./run/<timestamp>)
        """;

    /// <summary>Parses the arguments; null with <paramref name="error"/> set when they are wrong.</summary>
    public static SimulatorCommandLine? Parse(string[] args, out string? error)
    {
        error = null;
        bool headless = false;
        string? scenario = null;
        string? runDirectory = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--headless":
                    headless = true;
                    break;
                case "--scenario" when i + 1 < args.Length:
                    scenario = args[++i];
                    break;
                case "--run-dir" when i + 1 < args.Length:
                    runDirectory = args[++i];
                    break;
                default:
                    error = $"unknown or incomplete option '{args[i]}'";
                    return null;
            }
        }

        if (headless && scenario is null)
        {
            error = "--headless needs --scenario: a headless run without a scenario would have nothing to do";
            return null;
        }

        if (scenario is not null && scenario != Scenarios.RentScenario.Name && scenario != Scenarios.OfflineRentScenario.Name)
        {
            error = $"unknown scenario '{scenario}'";
            return null;
        }

        runDirectory ??= Path.Combine("run", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss"));
        return new SimulatorCommandLine(headless, scenario, Path.GetFullPath(runDirectory));
    }
}
