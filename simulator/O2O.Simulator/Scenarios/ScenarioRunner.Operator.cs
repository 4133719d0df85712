using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using O2O.EdgeAgent.Gateway;
using O2O.Protocol;
using O2O.Protocol.Json;
using O2O.Simulator.Devices;

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

    private static int PinNumber(VirtualDevice device, string name) =>
        device.Hardware.Board.Pin(name) is var gpio and >= 0 ? gpio : throw new ScenarioFailedException($"{device.DeviceId}'s board has no pin {name}");
}
