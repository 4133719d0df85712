using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using O2O.CloudContract;
using O2O.CloudSimulator;
using O2O.EdgeAgent.Storage;
using O2O.Simulator.Scenarios;
using O2O.Simulator.Stack;

namespace O2O.Simulator.Tests;

/// <summary>The whole stack in one process on loopback: cloud simulator, agent with SQLite, a virtual cabinet at pin level.</summary>
public sealed class LocalStackTests : IAsyncLifetime
{
    private readonly string _runDirectory = Directory.CreateTempSubdirectory("o2o-stack-").FullName;
    private readonly StringWriter _output = new();
    private LocalStack _stack = null!;

    public async Task InitializeAsync()
    {
        _stack = await LocalStack.StartAsync(_runDirectory, SimulatorRun.DefaultDevices, logging => logging.ClearProviders(), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_runDirectory, recursive: true);
    }

    [Fact]
    public async Task The_rent_scenario_dispenses_exactly_once_and_reports_one_outcome()
    {
        await new RentScenario(_stack, new FlowPrinter(_output)).RunAsync(CancellationToken.None);

        OrderRecord order = Assert.Single(StoreOrders());
        Assert.Equal(("dispensed", true), (order.Outcome, order.OutcomeReported));
        Assert.Contains("took power bank PB-0001", _output.ToString());
        Assert.True(File.Exists(_stack.StorePath));
    }

    [Fact]
    public async Task The_offline_rent_scenario_opens_the_drawer_without_the_cloud_and_reconciles_after_reconnect()
    {
        await new OfflineRentScenario(_stack, new FlowPrinter(_output)).RunAsync(CancellationToken.None);

        O2O.CloudContract.OfflineSale sale = _stack.CloudServices.GetRequiredService<O2O.CloudSimulator.CloudOrders>().All.Single().Offline!;
        OrderRecord order = _stack.AgentServices.GetRequiredService<AgentStore>().FindOrder(sale.TokenId)!;
        Assert.Equal((OrderSources.Offline, "dispensed", true), (order.Source, order.Outcome, order.OutcomeReported));
        Assert.Contains("drawer open (checked by the agent, no cloud)", _output.ToString());
        Assert.DoesNotContain(sale.Code, _output.ToString());
        Assert.Empty(StoreOrders());
    }

    [Fact]
    public async Task A_jammed_latch_is_retried_once_then_the_paid_order_ends_refunded()
    {
        _stack.Devices[0].Slots[0].Jammed = true;
        using var http = new HttpClient { BaseAddress = new Uri(_stack.CloudBaseUrl) };
        string qr = _stack.Devices[0].Device.QrPayload!;

        OrderView order = (await (await http.PostAsJsonAsync("v1/orders", new CreateOrderRequest(qr), ContractJson.Options)).Content.ReadFromJsonAsync<OrderView>(ContractJson.Options))!;
        await http.PostAsJsonAsync("v1/payments/notify", new PaymentNotification(order.OrderId, "alipay", "ali-1"), ContractJson.Options);

        OrderView final = await PollAsync(async () =>
        {
            OrderView? view = await http.GetFromJsonAsync<OrderView>($"v1/orders/{order.OrderId}", ContractJson.Options);
            return view?.Outcome is null ? null : view;
        });

        Assert.Equal((OrderStatus.Refunded, OrderStatus.Failed), (final.Status, final.Outcome));
        Assert.Equal(2, _stack.Devices[0].Slots[0].LatchPulses);
        Assert.Equal(1, _stack.CloudServices.GetRequiredService<CloudOrders>().Find(order.OrderId)!.OutcomeReports);
    }

    [Fact]
    public async Task A_forged_code_is_refused_by_the_cloud_and_nothing_unlocks()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_stack.CloudBaseUrl) };
        string forged = _stack.Devices[0].Device.QrPayload!.Replace("&s=0&", "&s=1&");

        HttpResponseMessage response = await http.PostAsJsonAsync("v1/orders", new CreateOrderRequest(forged), ContractJson.Options);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("bad signature", await response.Content.ReadAsStringAsync());
        Assert.All(_stack.Devices[0].Slots, slot => Assert.Equal(0, slot.LatchPulses));
    }

    private IReadOnlyList<OrderRecord> StoreOrders()
    {
        AgentStore store = _stack.AgentServices.GetRequiredService<AgentStore>();
        return store.FindOrder("ord-000001") is { } order ? [order] : [];
    }

    // Waits on a condition with a deadline; the deadline is generous because it only bounds a failure.
    private static async Task<T> PollAsync<T>(Func<Task<T?>> probe) where T : class
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(20, deadline.Token);
        }
    }
}
