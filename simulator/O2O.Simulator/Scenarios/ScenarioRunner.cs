using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using O2O.CloudContract;
using O2O.CloudSimulator;
using O2O.EdgeAgent.Gateway;
using O2O.Protocol;
using O2O.Simulator.Devices;
using O2O.Simulator.Devices.Physics;
using O2O.Simulator.Stack;
using O2O.Simulator.Web;

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
public sealed partial class ScenarioRunner(LocalStack stack, FlowPrinter flow)
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
                _order = await CustomerActions.ScanAsync(http, qr, cancellationToken);
                return $"order {_order.OrderId} for slot {_order.Slot}";
            case "pay":
                OrderView order = _order ?? throw new ScenarioFailedException("pay needs a scan first");
                _order = await CustomerActions.PayAsync(http, order.OrderId, step.Times ?? 2, cancellationToken);
                return $"order {_order.OrderId} is {_order.Status}" + (_order.Offline is null ? "" : ", sold an offline token");
            case "wait-for":
                return await WaitForAsync(step, timeout, cancellationToken);
            case "take-item":
                // The customer waits for the drawer to spring open (or the umbrella to come free), then takes it.
                string? item = await ScenarioSteps.PollAsync(() => Slot(step).TakeItem(), timeout, cancellationToken);
                return item is not null ? $"took {item}" : throw new ScenarioFailedException("nothing to take: the slot stayed locked, or is empty");
            case "close-door":
                return Slot(step).CloseDoor() ? "door pushed shut" : throw new ScenarioFailedException("no open door to close");
            case "return-item":
                return Slot(step).PutItem(step.Item) ? $"put {step.Item ?? "an untagged item"} back" : throw new ScenarioFailedException("cannot put the item in: locked or occupied");
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
            case "wifi-down":
                // Down until a wifi-up step: long enough to outlast any scenario, skips included.
                Device(step).Faults.DropWifi(TimeSpan.FromDays(1));
                return "Wi-Fi down";
            case "wifi-up":
                Device(step).Faults.RestoreWifi();
                return "Wi-Fi back";
            case "advance":
                return Advance(step, cancellationToken);
            case "console":
                return await TypeAtConsoleAsync(step, timeout, cancellationToken);
            case "command":
                return await SendCommandAsync(step, cancellationToken);
            case "technician-open":
                return await OpenAsTechnicianAsync(step, http, cancellationToken);
            default:
                throw new ScenarioFailedException($"step '{step.Do}' is not supported by this simulator build");
        }
    }

    private async Task<string> WaitForAsync(ScenarioStep step, TimeSpan timeout, CancellationToken cancellationToken) =>
        await ScenarioSteps.PollAsync(() => step.Event is not null ? NextEvent(step) : ReachedState(step), timeout, cancellationToken)
        ?? throw new ScenarioFailedException($"timed out after {timeout.TotalSeconds:F0}s waiting for {step.Event ?? "order state " + step.State}");

    // The next matching event after the one the previous wait-for consumed.
    private string? NextEvent(ScenarioStep step)
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

        return null;
    }

    private string? ReachedState(ScenarioStep step)
    {
        if (step.State == "pool-ready")
        {
            // The agent holds offline tokens for the device: it can sell offline from now on.
            return stack.AgentServices.GetRequiredService<O2O.EdgeAgent.Storage.AgentStore>().CountUsableTokens(Device(step).DeviceId, 0) > 0
                ? "offline tokens cached for " + Device(step).DeviceId
                : null;
        }

        return stack.CloudServices.GetRequiredService<CloudOrders>().Find(_order?.OrderId ?? "") is { } order && order.Status == step.State
            ? $"order {order.OrderId} is {order.Status}"
            : null;
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

        // A pattern may still be playing when its event arrives: give the buzzer the step's time.
        if (step.Beep is not null && await ScenarioSteps.PollAsync(() => Played(Device(step), step.Beep) ? "yes" : null, TimeSpan.FromMilliseconds(step.TimeoutMs ?? 5_000), cancellationToken) is null)
        {
            throw new ScenarioFailedException($"{step.Device}'s buzzer never played the {step.Beep} pattern");
        }

        // A device that just booted draws its first code within moments: give it the step's time too.
        if (step.Qr is not null && await ScenarioSteps.PollAsync(() => Device(step).Device.QrPayload?.StartsWith(step.Qr, StringComparison.Ordinal) == true ? "yes" : null,
                TimeSpan.FromMilliseconds(step.TimeoutMs ?? 5_000), cancellationToken) is null)
        {
            throw new ScenarioFailedException($"{step.Device} shows QR {Device(step).Device.QrPayload ?? "(none)"}, expected it to start with {step.Qr}");
        }

        await ExpectHardwareAsync(step, cancellationToken);
        return "as expected";
    }

    private string InjectFault(ScenarioStep step)
    {
        VirtualDevice device = Device(step);
        TimeSpan seconds = TimeSpan.FromSeconds(step.Seconds ?? 10);
        switch (step.Fault)
        {
            case "jam":
                device.Faults.JamLatch(SlotNumber(step), step.On ?? true);
                return step.On ?? true ? "latch jammed" : "latch free again";
            case "force-open":
                Slot(step).ForceOpen();
                return "door forced open";
            case "stuck-door":
                device.Faults.StickDoorSwitch(SlotNumber(step), step.On ?? true);
                return "door switch stuck";
            case "stuck-item":
                device.Faults.StickItemSwitch(SlotNumber(step), step.On ?? true);
                return "item switch stuck";
            case "free-switches":
                device.Faults.FreeSwitches(SlotNumber(step));
                return "switches free";
            case "silent-tag-reader":
                device.Faults.SilenceTagReader(SlotNumber(step), step.On ?? true);
                return "tag reader silent";
            case "brownout":
                device.Faults.Brownout();
                return "brownout: the device restarts";
            case "wifi-drop":
                device.Faults.DropWifi(seconds);
                return $"Wi-Fi down for {seconds.TotalSeconds:F0}s";
            case "clock-skew":
                device.Faults.SkewClock(seconds);
                return $"device clock off by {seconds.TotalSeconds:F0}s";
            case "emergency-stop":
                _ = device.Session ?? throw new ScenarioFailedException($"{device.DeviceId} has no emergency stop");
                device.Faults.EmergencyStop(step.On ?? true);
                return step.On ?? true ? "emergency stop pressed" : "emergency stop released";
            default:
                throw new ScenarioFailedException($"fault '{step.Fault}' is not supported");
        }
    }

    // The pattern's notes (the firmware's own tune table and RTTTL parser), found in a row on the buzzer's PWM timeline.
    private static bool Played(VirtualDevice device, string pattern)
    {
        if (O2O.Firmware.Drivers.Beeper.BuiltInTunes.Rtttl(pattern) is not { } tune || O2O.Firmware.Drivers.Beeper.Rtttl.Parse(tune) is not { } melody)
        {
            throw new ScenarioFailedException($"'{pattern}' is not a beep pattern of the firmware");
        }

        int[] notes = melody.Frequencies.Take(melody.Count).Where(f => f > 0).ToArray();
        int[] played = device.Hardware.Buzzer.Timeline().Select(t => t.FrequencyHz).ToArray();
        for (int start = 0; start + notes.Length <= played.Length; start++)
        {
            if (played.AsSpan(start, notes.Length).SequenceEqual(notes))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(ScenarioStep step, (string DeviceId, DeviceEvent Event) seen) =>
        seen.Event.Type == step.Event && (step.Device is null || seen.DeviceId == step.Device) && (step.Slot is null || seen.Event.Slot == step.Slot);

    private VirtualDevice Device(ScenarioStep step) =>
        stack.Devices.FirstOrDefault(d => d.DeviceId == (step.Device ?? _order?.DeviceId)) ?? throw new ScenarioFailedException($"no device {step.Device}");

    private SlotMechanism Slot(ScenarioStep step) => Device(step).Slots[SlotNumber(step)];

    private int SlotNumber(ScenarioStep step)
    {
        VirtualDevice device = Device(step);
        int slot = step.Slot ?? _order?.Slot ?? throw new ScenarioFailedException("no slot given and no order to take it from");
        return slot >= 0 && slot < device.Slots.Length ? slot : throw new ScenarioFailedException($"{device.DeviceId} has no slot {slot}");
    }
}
