using System.Text;
using O2O.Simulator.Scenarios;

namespace O2O.Bench.Fuzz;

/// <summary>The simulator's scenario file parser (simulator/O2O.Simulator/Scenarios/ScenarioFile.Parse): hand-written JSON from operators.</summary>
public static class ScenarioTargets
{
    public static FuzzTarget Parser()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "seeds", "scenarios");
        List<byte[]> seeds = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json").Select(File.ReadAllBytes).ToList() : [];
        return new FuzzTarget("scenario", "Parse throws only ScenarioFormatException, with a message naming the source", seeds, input =>
        {
            try
            {
                ScenarioFile parsed = ScenarioFile.Parse(Encoding.UTF8.GetString(input), "fuzz.json");
                Property.Holds(parsed.Steps.Count > 0 && parsed.Devices.Count > 0 && !string.IsNullOrWhiteSpace(parsed.Name), "accepted a scenario without name, devices or steps");
            }
            catch (ScenarioFormatException e)
            {
                Property.Holds(e.Message.StartsWith("fuzz.json: ", StringComparison.Ordinal), "refusal does not name the file: " + e.Message);
            }
        });
    }
}
