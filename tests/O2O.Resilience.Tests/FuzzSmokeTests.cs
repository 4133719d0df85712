using O2O.Bench.Fuzz;

namespace O2O.Resilience.Tests;

/// <summary>The fuzz targets' properties at a CI-sized count (the console program runs a million cases each).</summary>
[Collection(ResilienceCollection.Name)]
public sealed class FuzzSmokeTests
{
    public static TheoryData<string> Targets => new(FuzzTargets.All.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_property_holds_for_mutated_inputs(string target)
    {
        TargetResult result = FuzzRunner.Run(FuzzTargets.Named(target), cases: 20_000, seed: 20261124, limit: TimeSpan.FromSeconds(5));

        Assert.True(result.Failures == 0, string.Join("\n", result.Examples));
        Assert.True(result.Cases >= 1000, $"only {result.Cases} cases ran");
    }

    [Fact]
    public void Random_payloads_encoded_by_the_device_qr_encoder_decode_back_with_zbarimg()
    {
        Assert.Empty(QrTargets.DecodeWithZbar(count: 40, seed: 7));
    }
}
