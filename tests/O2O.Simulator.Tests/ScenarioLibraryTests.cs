using Microsoft.Extensions.Logging;
using O2O.Simulator.Scenarios;
using O2O.Simulator.Stack;

namespace O2O.Simulator.Tests;

/// <summary>Every scenario in simulator/scenarios passes against a fresh local stack; malformed scenario files get a clear error.</summary>
public sealed class ScenarioLibraryTests
{
    public static TheoryData<string> Library() => new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "scenarios"), "*.json").Select(Path.GetFileNameWithoutExtension).Order()!);

    [Theory]
    [MemberData(nameof(Library))]
    public async Task The_scenario_passes(string name)
    {
        ScenarioFile scenario = ScenarioFile.Load(Path.Combine(AppContext.BaseDirectory, "scenarios", name + ".json"));
        string runDirectory = Directory.CreateTempSubdirectory("o2o-scenario-").FullName;
        var output = new StringWriter();
        try
        {
            await using LocalStack stack = await LocalStack.StartAsync(runDirectory, scenario.Devices, logging => logging.ClearProviders(), CancellationToken.None);
            ScenarioResult result = await new ScenarioRunner(stack, new FlowPrinter(output)).RunAsync(scenario, CancellationToken.None);

            Assert.True(result.Passed, output.ToString());
            Assert.Equal(scenario.Steps.Count, result.Steps.Count);
        }
        finally
        {
            Directory.Delete(runDirectory, recursive: true);
        }
    }

    [Theory]
    [InlineData("{}", "needs a name")]
    [InlineData("""{"name":"x","devices":[{"deviceId":"d","model":"powerbank-4","items":[]}],"steps":[{"do":"dance"}]}""", "step 1 (dance): unknown step")]
    [InlineData("""{"name":"x","devices":[{"deviceId":"d","model":"powerbank-4","items":[]}],"steps":[{"do":"scan","device":"d"},{"do":"pay","times":9}]}""", "step 2 (pay): \"times\" must be 1-5")]
    [InlineData("""{"name":"x","devices":[{"deviceId":"d","model":"powerbank-4","items":[]}],"steps":[{"do":"inject-fault","device":"d","fault":"fire"}]}""", "step 1 (inject-fault)")]
    [InlineData("""{"name":"x","devices":[],"steps":[],"colour":"red"}""", "colour")]
    [InlineData("""{"name":"x","devices":[{"deviceId":"d","model":"powerbank-4","items":[]}],"steps":[{"do":"advance"}]}""", "step 1 (advance): \"seconds\" must be 1-7200")]
    [InlineData("""{"name":"x","devices":[{"deviceId":"d","model":"powerbank-4","items":[]}],"steps":[{"do":"technician-open","slot":0}]}""", "step 1 (technician-open): \"device\" is required")]
    [InlineData("""{"name":"x","devices":[{"deviceId":"d","model":"powerbank-4","items":[]}],"steps":[{"do":"advance","seconds":9000}]}""", "\"seconds\" must be 1-7200")]
    [InlineData("""{"name":"x","devices":[{"deviceId":"d","model":"powerbank-4","items":[]}],"steps":[{"do":"console","device":"d"}]}""", "step 1 (console): \"device\" and \"line\" are required")]
    [InlineData("""{"name":"x","devices":[{"deviceId":"d","model":"powerbank-4","items":[]}],"steps":[{"do":"command","device":"d","command":"unlock","slot":0}]}""", "step 1 (command): \"device\" and \"command\"")]
    [InlineData("""{"name":"x","devices":[{"deviceId":"d","model":"powerbank-4","items":[]}],"steps":[{"do":"command","device":"d","command":"reserve","slot":0}]}""", "reserve needs \"slot\" and \"minutes\"")]
    [InlineData("""{"name":"x","devices":[{"deviceId":"d","model":"powerbank-4","items":[]}],"steps":[{"do":"expect","device":"d","pin":"OUT1"}]}""", "\"level\" (high or low) is required")]
    [InlineData("not json", "t.json")]
    public void A_malformed_scenario_is_refused_naming_the_step_and_the_problem(string json, string expected)
    {
        ScenarioFormatException error = Assert.Throws<ScenarioFormatException>(() => ScenarioFile.Parse(json, "t.json"));
        Assert.Contains(expected, error.Message);
    }
}
