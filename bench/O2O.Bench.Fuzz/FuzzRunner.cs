using System.Diagnostics;

namespace O2O.Bench.Fuzz;

/// <summary>What one target did: cases run, their rate, and the first few failing inputs (hex) with what failed.</summary>
public sealed record TargetResult(string Target, string Properties, long Cases, double Seconds, double CasesPerSecond, int Failures, IReadOnlyList<string> Examples);

/// <summary>
/// Runs a target on mutated inputs for a number of cases, in this process. A property violation or any exception is a
/// failure; the first five are kept with their input so each can become a regression test.
/// </summary>
public static class FuzzRunner
{
    public static TargetResult Run(FuzzTarget target, long cases, int seed, TimeSpan? limit = null)
    {
        var mutator = new Mutator(new Random(seed), target.Seeds);
        var examples = new List<string>();
        int failures = 0;
        long done = 0;
        var clock = Stopwatch.StartNew();
        for (; done < cases && (limit is null || clock.Elapsed < limit); done++)
        {
            byte[] input = mutator.Next();
            string? failure = Failure(target, input);
            if (failure is not null)
            {
                failures++;
                if (examples.Count < 5)
                {
                    examples.Add($"{failure} <- {Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 256)))}");
                }
            }
        }

        double seconds = clock.Elapsed.TotalSeconds;
        return new TargetResult(target.Name, target.Properties, done, Math.Round(seconds, 2), Math.Round(done / Math.Max(seconds, 1e-9)), failures, examples);
    }

    /// <summary>Null when every property held; otherwise what went wrong.</summary>
    public static string? Failure(FuzzTarget target, byte[] input)
    {
        try
        {
            target.Check(input);
            return null;
        }
        catch (PropertyViolated e)
        {
            return "property: " + e.Message;
        }
        catch (Exception e)
        {
            return $"crash: {e.GetType().Name}: {e.Message}";
        }
    }
}
