using Microsoft.Extensions.Logging;
using O2O.Simulator.Scenarios;
using O2O.Simulator.Stack;
using O2O.Simulator.Web;

namespace O2O.Simulator;

/// <summary>Starts the local stack, runs the chosen scenario, and keeps the stack up unless headless.</summary>
public static class SimulatorRun
{
    /// <summary>The devices of the local stack, one of each kind a site has: slots with one empty for returns, and a timed chair.</summary>
    public static readonly StackDevice[] DefaultDevices =
    [
        new("cab-001", "powerbank-4", ["PB-0001", "PB-0002", "PB-0003", null]),
        new("umb-001", "umbrella-4", ["UM-0001", "UM-0002", "UM-0003", null]),
        new("lck-001", "locker-4", ["PKG-0001", null, "PKG-0003", null]),
        new("chr-001", "massage-chair", []),
    ];

    public static async Task<int> ExecuteAsync(SimulatorCommandLine options, TextWriter output)
    {
        var flow = new FlowPrinter(output);
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        ScenarioFile? scenarioFile = null;
        try
        {
            scenarioFile = options.ScenarioFile is null ? null : ScenarioFile.Load(options.ScenarioFile);
        }
        catch (Exception e) when (e is ScenarioFormatException or IOException)
        {
            output.WriteLine($"FAILED: {e.Message}");
            return 2;
        }

        IReadOnlyList<StackDevice> devices = scenarioFile?.Devices ?? DefaultDevices;
        LocalStack stack;
        try
        {
            stack = await LocalStack.StartAsync(options.RunDirectory, devices, ConfigureLogging, stop.Token);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            output.WriteLine($"FAILED: the local stack did not start: {e.Message}");
            return 1;
        }

        await using (stack)
        {
            flow.Step("stack", $"cloud simulator at {stack.CloudBaseUrl} (MQTT 127.0.0.1:{stack.CloudBrokerPort})");
            flow.Step("stack", $"edge agent: device broker 127.0.0.1:{stack.DeviceBrokerPort}, store {stack.StorePath}");
            flow.Step("stack", $"devices: {string.Join(", ", stack.Devices.Select(d => d.DeviceId))}");
            SimulatorWeb? web;
            try
            {
                web = options.Headless ? null : await SimulatorWeb.StartAsync(stack, devices, options.WebPort, stop.Token);
            }
            catch (IOException e)
            {
                output.WriteLine($"FAILED: the web page cannot listen on 127.0.0.1:{options.WebPort} ({e.Message}); choose another with --web-port");
                return 1;
            }

            await using SimulatorWeb? page = web;
            if (web is not null)
            {
                flow.Step("stack", $"web page: {web.Address}");
            }

            if ((options.Scenario is not null || scenarioFile is not null) && !await RunScenarioAsync(stack, options, scenarioFile, flow, stop.Token) && options.Headless)
            {
                return 1;
            }

            if (options.Headless)
            {
                return 0;
            }

            flow.Step("stack", "running; press Ctrl+C to stop");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                flow.Step("stack", "stopping");
            }
        }

        return 0;
    }

    /// <summary>Runs the chosen scenario (a built-in one, or a scenario file), prints the verdict, writes the result file if asked.</summary>
    private static async Task<bool> RunScenarioAsync(LocalStack stack, SimulatorCommandLine options, ScenarioFile? file, FlowPrinter flow, CancellationToken cancellationToken)
    {
        ScenarioResult result;
        if (file is not null)
        {
            result = await new ScenarioRunner(stack, flow).RunAsync(file, cancellationToken);
        }
        else
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            string? failure = null;
            try
            {
                await (options.Scenario == OfflineRentScenario.Name
                    ? new OfflineRentScenario(stack, flow).RunAsync(cancellationToken)
                    : new RentScenario(stack, flow).RunAsync(cancellationToken));
            }
            catch (ScenarioFailedException e)
            {
                failure = e.Message;
            }

            result = new ScenarioResult(options.Scenario!, failure is null, clock.Elapsed.TotalSeconds, [new StepResult(1, options.Scenario!, failure is null, clock.Elapsed.TotalMilliseconds, failure)]);
        }

        string? error = result.Steps.FirstOrDefault(s => !s.Passed)?.Error;
        flow.Step("result", result.Passed ? $"PASSED: scenario {result.Name} in {flow.Elapsed.TotalSeconds:F1}s" : $"FAILED: scenario {result.Name}: {error}");
        if (options.ResultPath is not null)
        {
            await File.WriteAllTextAsync(options.ResultPath, System.Text.Json.JsonSerializer.Serialize(result, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = true }), cancellationToken);
        }

        return result.Passed;
    }

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("O2O", LogLevel.Information);
    }
}
