using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using O2O.CloudContract;
using O2O.CloudSimulator;
using O2O.EdgeAgent.Gateway;
using O2O.Protocol;
using O2O.Simulator.Devices;
using O2O.Simulator.Stack;

namespace O2O.Simulator.Scenarios;

/// <summary>What happened to one step of a scenario run.</summary>
public sealed record StepResult(int Number, string Do, bool Passed, double Milliseconds, string? Error);

/// <summary>A whole run: passed only if every step did. Written as the result file of a headless run.</summary>
public sealed record ScenarioResult(string Name, bool Passed, double Seconds, IReadOnlyList<StepResult> Steps);

/// <summary>
/// Plays a <see cref="ScenarioFile"/> against a running local stack: steps act as the customer, the payment provider,
/// the cloud's offline switch and the fault injector, and wait for or expect what the devices, the agent and the
/// cloud then do. The first failing step ends the run.
/// </summary>
public sealed class ScenarioRunner(LocalStack stack, FlowPrinter flow)
{
    private readonly ConcurrentQueue<(string DeviceId, DeviceEvent Event)> _events = new();
    private OrderView? _order;
    private int _eventCursor;

    public async Task<ScenarioResult> RunAsync(ScenarioFile scenario, CancellationToken cancellationToken)
    {
        DeviceTraffic traffic = stack.AgentServices.GetRequiredService<DeviceTraffic>();
        Task Record(string deviceId, DeviceEvent evt)
        {
            _events.Enqueue((deviceId, evt));
            return Task.CompletedTask;
        }

        traffic.EventStored += Record;
        var results = new List<StepResult>();
        var total = Stopwatch.StartNew();
        using var http = new HttpClient { BaseAddress = new Uri(stack.CloudBaseUrl) };
        try
        {
            for (int i = 0; i < scenario.Steps.Count; i++)
            {
                ScenarioStep step = scenario.Steps[i];
                var clock = Stopwatch.StartNew();
                try
                {
                    string done = await RunStepAsync(step, http, cancellationToken);
                    results.Add(new StepResult(i + 1, step.Do, true, clock.Elapsed.TotalMilliseconds, null));
                    flow.Step("step", $"{i + 1} {step.Do}: {done}");
                }
                catch (ScenarioFailedException e)
                {
                    results.Add(new StepResult(i + 1, step.Do, false, clock.Elapsed.TotalMilliseconds, e.Message));
                    flow.Step("step", $"{i + 1} {step.Do}: FAILED: {e.Message}");
                    break;
                }
            }
        }
        finally
        {
            traffic.EventStored -= Record;
        }

        bool passed = results.Count == scenario.Steps.Count && results.All(r => r.Passed);
        return new ScenarioResult(scenario.Name, passed, total.Elapsed.TotalSeconds, results);
    }

    private async Task<string> RunStepAsync(ScenarioStep step, HttpClient http, CancellationToken cancellationToken)
    {
        TimeSpan timeout = TimeSpan.FromMilliseconds(step.TimeoutMs ?? 15_000);
        switch (step.Do)
        {
            case "scan":
                string qr = await ScenarioSteps.WaitForAsync("the device shows a QR code", () => Device(step).Device.QrPayload, cancellationToken);
                _order = await ScenarioSteps.ReadAsync<OrderView>(await http.PostAsJsonAsync("v1/orders", new CreateOrderRequest(qr), ContractJson.Options, cancellationToken), "order creation", cancellationToken);
                return $"order {_order.OrderId} for slot {_order.Slot}";
            case "pay":
                OrderView order = _order ?? throw new ScenarioFailedException("pay needs a scan first");
                for (int i = 0; i < (step.Times ?? 2); i++)
                {
                    _order = await ScenarioSteps.ReadAsync<OrderView>(await http.PostAsJsonAsync("v1/payments/notify",
                        new PaymentNotification(order.OrderId, i % 2 == 0 ? "wechat" : "alipay", "tx-" + order.OrderId), ContractJson.Options, cancellationToken), "payment", cancellationToken);
                }

                return $"order {_order.OrderId} is {_order.Status}" + (_order.Offline is null ? "" : ", sold an offline token");
            case "wait-for":
                return await WaitForAsync(step, timeout, cancellationToken);
            case "take-item":
                return Slot(step).TakeItem() is { } item ? $"took {item}" : throw new ScenarioFailedException("nothing to take: the door is shut or the slot is empty");
            case "close-door":
                Slot(step).CloseDoor();
                return "door pushed shut";
            case "inject-fault":
                return InjectFault(step);
            case "cloud-offline" or "cloud-online":
                bool online = step.Do == "cloud-online";
                (await http.PostAsync($"sim/sites/{LocalStack.SiteId}/{(online ? "online" : "offline")}", null, cancellationToken)).EnsureSuccessStatusCode();
                return online ? "site reachable" : "site cut off from the cloud";
            case "present-code":
                OfflineSale sale = _order?.Offline ?? throw new ScenarioFailedException("present-code needs an order sold offline");
                string? refused = await Device(step).PresentTokenAsync(sale.Code, step.Slot ?? _order.Slot);
                return refused is null ? "code typed at the device" : throw new ScenarioFailedException("the device refused the code: " + refused);
            case "expect":
                return await ExpectAsync(step, http, cancellationToken);
            default:
                throw new ScenarioFailedException($"step '{step.Do}' is not supported by this simulator build");
        }
    }

    private async Task<string> WaitForAsync(ScenarioStep step, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (step.Event is not null)
            {
                (string DeviceId, DeviceEvent Event)[] seen = _events.ToArray();
                for (int i = _eventCursor; i < seen.Length; i++)
                {
                    if (Matches(step, seen[i]))
                    {
                        _eventCursor = i + 1;
                        return $"{seen[i].DeviceId} reported {seen[i].Event.Type}";
                    }
                }
            }
            else if (step.State == "pool-ready")
            {
                // The agent holds offline tokens for the device: it can sell offline from now on.
                if (stack.AgentServices.GetRequiredService<O2O.EdgeAgent.Storage.AgentStore>().CountUsableTokens(Device(step).DeviceId, 0) > 0)
                {
                    return "offline tokens cached for " + Device(step).DeviceId;
                }
            }
            else if (stack.CloudServices.GetRequiredService<CloudOrders>().Find(_order?.OrderId ?? "") is { } order && order.Status == step.State)
            {
                return $"order {order.OrderId} is {order.Status}";
            }

            await Task.Delay(20, cancellationToken);
        }

        throw new ScenarioFailedException($"timed out after {timeout.TotalSeconds:F0}s waiting for {step.Event ?? "order state " + step.State}");
    }

    private async Task<string> ExpectAsync(ScenarioStep step, HttpClient http, CancellationToken cancellationToken)
    {
        if (step.Event is not null && !_events.Any(e => Matches(step, e)))
        {
            throw new ScenarioFailedException($"no {step.Event} event" + (step.Device is null ? "" : " from " + step.Device));
        }

        if (step.Order is not null)
        {
            OrderView view = (await http.GetFromJsonAsync<OrderView>($"v1/orders/{_order?.OrderId}", ContractJson.Options, cancellationToken))!;
            if (view.Status != step.Order)
            {
                throw new ScenarioFailedException($"order {view.OrderId} is {view.Status}, expected {step.Order}");
            }
        }

        if (step.Beep is not null && !Device(step).Beeper.Played.Contains(step.Beep))
        {
            throw new ScenarioFailedException($"{step.Device} never beeped {step.Beep}");
        }

        if (step.Qr is not null && Device(step).Device.QrPayload?.StartsWith(step.Qr, StringComparison.Ordinal) != true)
        {
            throw new ScenarioFailedException($"{step.Device} shows QR {Device(step).Device.QrPayload ?? "(none)"}, expected it to start with {step.Qr}");
        }

        return "as expected";
    }

    private string InjectFault(ScenarioStep step)
    {
        SimulatedSlot slot = Slot(step);
        switch (step.Fault)
        {
            case "jam":
                slot.Jammed = step.On ?? true;
                return slot.Jammed ? "latch jammed" : "latch free again";
            default:
                slot.ForceOpen();
                return "door forced open";
        }
    }

    private static bool Matches(ScenarioStep step, (string DeviceId, DeviceEvent Event) seen) =>
        seen.Event.Type == step.Event && (step.Device is null || seen.DeviceId == step.Device) && (step.Slot is null || seen.Event.Slot == step.Slot);

    private VirtualCabinet Device(ScenarioStep step) =>
        stack.Devices.FirstOrDefault(d => d.DeviceId == (step.Device ?? _order?.DeviceId)) ?? throw new ScenarioFailedException($"no device {step.Device}");

    private SimulatedSlot Slot(ScenarioStep step)
    {
        VirtualCabinet device = Device(step);
        int slot = step.Slot ?? _order?.Slot ?? throw new ScenarioFailedException("no slot given and no order to take it from");
        return slot >= 0 && slot < device.Slots.Length ? device.Slots[slot] : throw new ScenarioFailedException($"{device.DeviceId} has no slot {slot}");
    }
}
