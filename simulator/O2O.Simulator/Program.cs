using Microsoft.Extensions.Logging;
using O2O.Simulator;
using O2O.Simulator.Scenarios;
using O2O.Simulator.Stack;

if (args.Length > 0 && args[0] == "fault")
{
    return await FaultCommand.RunAsync(args, Console.Out, Console.Error);
}

SimulatorCommandLine? options = SimulatorCommandLine.Parse(args, out string? error);
if (options is null)
{
    Console.Error.WriteLine($"o2o-sim: {error}");
    Console.Error.WriteLine(SimulatorCommandLine.Usage);
    return 2;
}

return await SimulatorRun.ExecuteAsync(options, Console.Out);
