using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using O2O.CloudContract;
using O2O.CloudSimulator;
using O2O.EdgeAgent.Gateway;
using O2O.EdgeAgent.Technicians;
using O2O.Protocol;
using O2O.Protocol.Json;
using O2O.Simulator.Devices;
using O2O.Simulator.Stack;

namespace O2O.Simulator.Scenarios;

/// <summary>
/// The steps of a scenario that act as time, a technician and a site operator rather than a customer: skipping
/// ahead, typing at the serial console, commands through the agent, and checks on pins and the panel's pixels.
/// </summary>
public sealed partial class ScenarioRunner
{
    private string Advance(ScenarioStep step, CancellationToken cancellationToken)
    {
        TimeSkip.Outcome skipped = TimeSkip.Run(stack, TimeSpan.FromSeconds(step.Seconds!.Value), cancellationToken);
        return $"skipped {skipped.Skipped.TotalSeconds:F0}s of virtual time ({skipped.PassesPerDevice} loop passes per device) in {skipped.RealTime.TotalMilliseconds:F0} ms";
    }

    // A technician's line at the serial console; "shows" waits for that text in what the console prints back.
    private async Task<string> TypeAtConsoleAsync(ScenarioStep step, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Consoles.ConsolePort port = Device(step).Console?.Port ?? throw new ScenarioFailedException($"{step.Device} has no console");
        long mark = port.Written;
        port.Type(System.Text.Encoding.ASCII.GetBytes(step.Line + "\r"));
        if (step.Shows is null)
        {
            return $"typed '{step.Line}'";
        }

        return await ScenarioSteps.PollAsync(() => port.OutputSince(mark).Contains(step.Shows, StringComparison.Ordinal) ? $"'{step.Line}' printed '{step.Shows}'" : null, timeout, cancellationToken)
            ?? throw new ScenarioFailedException($"'{step.Line}' never printed '{step.Shows}'; it printed: {port.OutputSince(mark).Replace("\r", "", StringComparison.Ordinal).Trim()}");
    }

    // What the site's admin API does: a command built and checked by the device's own decoder, sent by the agent.
    private async Task<string> SendCommandAsync(ScenarioStep step, CancellationToken cancellationToken)
    {
        var command = new DeviceCommand
        {
            Id = "scenario-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant(),
            Type = step.Command!,
            Slot = step.Slot ?? DeviceCommand.NoSlot,
            OrderId = step.Order,
            Minutes = step.Minutes ?? 0,
            Pattern = step.Beep,
            IssuedAt = stack.Clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        var writer = new JsonWriter(256);
        command.WriteTo(writer);
        byte[] payload = writer.ToArray();
        if (DeviceCommand.Decode(payload, 0, payload.Length, new JsonReader(), out DecodeError? error, out _) is null)
        {
            throw new ScenarioFailedException($"the device would refuse this {step.Command}: {error}");
        }

        await stack.AgentServices.GetRequiredService<IDeviceCommandSender>().SendAsync(Device(step).DeviceId, payload, cancellationToken);
        return $"agent sent {step.Command} ({command.Id})";
    }

    // Pins by the board's names (OUT1, IN5, ...) and text on the panel, both read from the simulated hardware's backend side.
    private async Task ExpectHardwareAsync(ScenarioStep step, CancellationToken cancellationToken)
    {
        TimeSpan timeout = TimeSpan.FromMilliseconds(step.TimeoutMs ?? 5_000);
        if (step.Pin is not null)
        {
            VirtualDevice device = Device(step);
            int gpio = PinNumber(device, step.Pin);
            bool high = step.Level == "high";
            if (await ScenarioSteps.PollAsync(() => (device.Hardware.Gpio.Level(gpio) == System.Device.Gpio.PinValue.High) == high ? "yes" : null, timeout, cancellationToken) is null)
            {
                throw new ScenarioFailedException($"{device.DeviceId} pin {step.Pin} (GPIO {gpio}) stayed {(high ? "low" : "high")}");
            }
        }

        if (step.Display is not null)
        {
            VirtualDevice device = Device(step);
            if (await ScenarioSteps.PollAsync(() => PanelText.Shows(device.Hardware.Display.Capture(), step.Display) ? "yes" : null, timeout, cancellationToken) is null)
            {
                throw new ScenarioFailedException($"{device.DeviceId}'s panel does not show '{step.Display}'");
            }
        }
    }

    // A technician's maintenance visit: the cloud (its operations portal, here the simulator's control API) mints a
    // pass for this device and slot, and the technician presents it to the site, whose agent checks it and sends the
    // device a maintenance opening, the path that clears a slot's fault once the hardware is fixed.
    private async Task<string> OpenAsTechnicianAsync(ScenarioStep step, HttpClient http, CancellationToken cancellationToken)
    {
        VirtualDevice device = Device(step);
        int slot = SlotNumber(step);
        string technician = step.Technician ?? "tech-1";
        HttpResponseMessage minted = await http.PostAsJsonAsync("sim/technician-passes",
            new ControlEndpoints.TechnicianPassRequest(LocalStack.SiteId, device.DeviceId, technician, slot, 30), ContractJson.Options, cancellationToken);
        if (!minted.IsSuccessStatusCode)
        {
            throw new ScenarioFailedException($"the cloud minted no pass: {(int)minted.StatusCode} {await minted.Content.ReadAsStringAsync(cancellationToken)}");
        }

        string pass = (await minted.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("token").GetString()
            ?? throw new ScenarioFailedException("the cloud's pass has no token");
        TechnicianUnlockResult result = await stack.AgentServices.GetRequiredService<TechnicianAccess>().UnlockAsync(pass, slot, cancellationToken);
        return result.Refusal is null
            ? $"technician {technician} opened slot {slot} for maintenance ({result.CommandId})"
            : throw new ScenarioFailedException($"the agent refused the technician's pass: {result.Refusal}");
    }

    private static int PinNumber(VirtualDevice device, string name) =>
        device.Hardware.Board.Pin(name) is var gpio and >= 0 ? gpio : throw new ScenarioFailedException($"{device.DeviceId}'s board has no pin {name}");
}
