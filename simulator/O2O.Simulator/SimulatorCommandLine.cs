namespace O2O.Simulator;

/// <summary>The simulator's command line: <c>[--headless] [--scenario NAME | --scenario-file PATH] [--result PATH] [--run-dir DIR] [--web-port N]</c>.</summary>
public sealed record SimulatorCommandLine(bool Headless, string? Scenario, string RunDirectory, int WebPort = SimulatorCommandLine.DefaultWebPort,
    string? ScenarioFile = null, string? ResultPath = null)
{
    public const int DefaultWebPort = 8080;

    public const string Usage = """
        Usage: o2o-sim [--headless] [--scenario NAME | --scenario-file PATH] [--result PATH] [--run-dir DIR] [--web-port N]
          (no options)     start the local stack and keep it running until Ctrl+C
          --scenario NAME  run a scenario: rent, offline-rent, or a file of simulator/scenarios (without .json)
          --scenario-file PATH  run the scenario in a JSON file (format: simulator/scenarios/README.md)
          --result PATH    write the scenario's result (each step, passed or failed) as JSON
          --headless       exit when the scenario ends: 0 on success, 1 with the reason on failure
          --run-dir DIR    where the run's files go (default: ./run/<timestamp>)
          --web-port N     the web page's port on 127.0.0.1 (default 8080; 0 picks a free one); no page when headless
        o2o-sim fault DEVICE FAULT [--slot N] [--seconds N] [--web URL]   inject a fault into a running simulator
        """;

    /// <summary>Parses the arguments; null with <paramref name="error"/> set when they are wrong.</summary>
    public static SimulatorCommandLine? Parse(string[] args, out string? error)
    {
        error = null;
        bool headless = false;
        string? scenario = null;
        string? runDirectory = null;
        int webPort = DefaultWebPort;
        string? scenarioFile = null;
        string? resultPath = null;
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
                case "--scenario-file" when i + 1 < args.Length:
                    scenarioFile = Path.GetFullPath(args[++i]);
                    break;
                case "--result" when i + 1 < args.Length:
                    resultPath = Path.GetFullPath(args[++i]);
                    break;
                case "--web-port" when i + 1 < args.Length:
                    if (!int.TryParse(args[++i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out webPort) || webPort > 65535)
                    {
                        error = $"--web-port must be 0-65535, not '{args[i]}'";
                        return null;
                    }

                    break;
                default:
                    error = $"unknown or incomplete option '{args[i]}'";
                    return null;
            }
        }

        if (scenario is not null && scenarioFile is not null)
        {
            error = "--scenario and --scenario-file exclude each other";
            return null;
        }

        if (scenario is not null && scenario != Scenarios.RentScenario.Name && scenario != Scenarios.OfflineRentScenario.Name)
        {
            string library = Path.Combine(AppContext.BaseDirectory, "scenarios", scenario + ".json");
            if (!File.Exists(library))
            {
                error = $"unknown scenario '{scenario}'";
                return null;
            }

            (scenarioFile, scenario) = (library, null);
        }

        if (headless && scenario is null && scenarioFile is null)
        {
            error = "--headless needs --scenario: a headless run without a scenario would have nothing to do";
            return null;
        }

        runDirectory ??= Path.Combine("run", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss"));
        return new SimulatorCommandLine(headless, scenario, Path.GetFullPath(runDirectory), webPort, scenarioFile, resultPath);
    }
}
