using Microsoft.Extensions.DependencyInjection;
using O2O.CloudSimulator;

namespace O2O.Simulator.Tests;

/// <summary>The cloud's side of offline token pools.</summary>
public sealed class OfflineTokenBookTests
{
    // Found by the fault campaign (bench/O2O.Bench.Faults): the agent was killed after the cloud issued a refill and
    // before it stored the tokens; the cloud then sold one of them, and the customer's code was "not_in_cache" forever.
    [Fact]
    public void Tokens_issued_but_not_held_by_the_site_are_sent_again_before_fresh_ones_even_once_sold()
    {
        using ServiceProvider cloud = new ServiceCollection().AddCloudSimulator(new CloudSimulatorOptions()).BuildServiceProvider();
        OfflineTokenBook book = cloud.GetRequiredService<OfflineTokenBook>();
        IReadOnlyList<string> lost = book.Issue("site-1", "cab-1", 3, held: [], TimeSpan.FromHours(24), "std", 300);
        Assert.NotNull(book.Sell("cab-1", "ord-1", sellTwice: false));

        IReadOnlyList<string> again = book.Issue("site-1", "cab-1", 5, held: [], TimeSpan.FromHours(24), "std", 300);

        Assert.Equal(lost, again.Take(3));
        Assert.Equal(5, again.Distinct().Count());
        IReadOnlyList<string> held = book.IssuedTo("cab-1");
        Assert.DoesNotContain(book.Issue("site-1", "cab-1", 2, held, TimeSpan.FromHours(24), "std", 300), again.Contains);
        Assert.Equal(2, book.Issue("site-1", "cab-1", 2, held: null, TimeSpan.FromHours(24), "std", 300).Except(again).Count());
    }
}
