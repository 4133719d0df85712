using System.Text;
using O2O.Firmware.Core.Console;
using O2O.Firmware.Core.Sessions;
using O2O.Firmware.Core.Slots;
using O2O.Firmware.Core.Tests.Support;

namespace O2O.Firmware.Core.Tests;

/// <summary>
/// Random commands (valid, mangled and hostile), random physical actions, random time and random console
/// lines thrown at real devices of every kind: nothing may throw, and the safety rules must hold throughout.
/// Seeded, so a failure replays exactly.
/// </summary>
public sealed class DeviceFuzzTests
{
    private static readonly string[] Types =
        ["unlock", "reserve", "cancel", "show_qr", "beep", "session_start", "session_extend", "session_stop", "set_config", "self_test", "reboot", "launch"];

    private static readonly string[] ConsoleLines =
        ["status", "slots", "slot 0", "slot 99", "events 3", "net", "qr", "config get", "config set log.level debug", "config set wifi.ssid x",
         "selftest", "beep alarm", "login abc.1.ff", "unlock 0", "help", "provision", "version", "\u001b[A", "\u007f\u007f", "reboot"];

    [Theory]
    [InlineData("powerbank-4", 1)]
    [InlineData("powerbank-4", 2)]
    [InlineData("umbrella-4", 3)]
    [InlineData("locker-4", 4)]
    [InlineData("massage-chair", 5)]
    [InlineData("karaoke-booth", 6)]
    public void Random_traffic_never_throws_and_latches_never_stay_on(string model, int seed)
    {
        var random = new Random(seed);
        var device = new DeviceHarness(model, "PB-1", "UM-2", null, "XX-4");
        var screen = new StringBuilder();
        var console = new DiagnosticsConsole(new DeviceDiagnostics(device.Device), new Screen(screen));
        int maxOn = device.Definition.Timings.LatchMaxOnMs;
        var energisedSince = new long[device.Slots.Length];
        int counter = 0;

        for (int step = 0; step < 3000; step++)
        {
            switch (random.Next(7))
            {
                case 5 when random.Next(10) == 0 && device.Slots.Length > 0:
                    // A technician clears a fault now and then, so the fuzz keeps reaching the deep states.
                    device.Device.TechnicianUnlock(random.Next(device.Slots.Length), "fuzz");
                    break;
                case 0: device.Send(RandomCommand(random, device.Slots.Length, ref counter)); break;
                case 1: Physical(random, device); break;
                case 2:
                    byte[] line = Encoding.UTF8.GetBytes(ConsoleLines[random.Next(ConsoleLines.Length)] + "\r");
                    console.Receive(line, 0, line.Length);
                    break;
                case 3: device.Link.IsConnected = random.Next(4) != 0; break;
                default: device.Run(random.Next(1, 400)); break;
            }

            // The coil rule holds at every step: never energised longer than the max on-time.
            for (int i = 0; i < device.Slots.Length; i++)
            {
                energisedSince[i] = device.Slots[i].Latch ? (energisedSince[i] == 0 ? device.Clock.UptimeMilliseconds + 1 : energisedSince[i]) : 0;
                Assert.True(energisedSince[i] == 0 || device.Clock.UptimeMilliseconds + 1 - energisedSince[i] <= maxOn, $"slot {i} latch on too long at step {step}");
            }

            // A timed device's relay is on exactly while a paid session runs.
            if (device.Session is not null)
            {
                Assert.Equal(device.Device.Session!.State == SessionState.Running, device.Session.Relay);
            }
        }

        // The traffic must have reached the device's logic, not just its decoder.
        List<string> acks = device.AckSummaries();
        Assert.Contains(acks, ack => ack == "ok");
        Assert.Contains(acks, ack => ack.StartsWith("rejected:", StringComparison.Ordinal));
        Assert.True(device.Slots.Length == 0 || device.Link.Events().Any(e => e.Type is "opened" && e.OrderId is not null), "no paid unlock ever opened a slot");
    }

    // Mostly well-formed commands of every type with fresh ids; a third are hostile (repeated ids, wrong
    // versions, fields out of range, truncation), as a real network and a buggy agent would send.
    private static string RandomCommand(Random random, int slots, ref int counter)
    {
        bool hostile = random.Next(3) == 0;
        string type = Types[random.Next(Types.Length)];
        string id = hostile && random.Next(2) == 0 ? "f-" + random.Next(Math.Max(1, counter)) : "f-" + (++counter);
        var json = new StringBuilder("{\"v\":").Append(hostile && random.Next(4) == 0 ? 2 : 1).Append(",\"id\":\"").Append(id).Append("\",\"type\":\"").Append(type).Append('"');
        json.Append(",\"slot\":").Append(hostile ? random.Next(-1, slots + 3) : random.Next(Math.Max(1, slots)));
        json.Append(",\"order\":\"o-").Append(random.Next(50)).Append('"');
        if (type == "unlock" && random.Next(3) == 0) { json.Append(",\"mode\":\"return\""); }
        if (type is "reserve" or "session_start" or "session_extend") { json.Append(",\"minutes\":").Append(hostile ? random.Next(-2, 3000) : random.Next(1, 16)); }
        if (type == "beep") { json.Append(",\"pattern\":\"").Append(hostile ? "x" : "alarm").Append('"'); }
        if (type == "set_config") { json.Append(",\"key\":\"log.level\",\"value\":\"").Append(hostile ? "shout" : "debug").Append('"'); }
        json.Append('}');
        string text = json.ToString();
        return hostile && random.Next(4) == 0 ? text[..random.Next(text.Length)] : text;
    }

    private static void Physical(Random random, DeviceHarness device)
    {
        if (device.Slots.Length > 0)
        {
            int index = random.Next(device.Slots.Length);
            FakeSlot slot = device.Slots[index];
            SlotState state = device.Device.Slot(index).State;
            // Mostly what customers do (doors move while a slot is unlocking or open), sometimes anything at all.
            if (random.Next(5) != 0 && state != SlotState.Unlocking && state != SlotState.Open)
            {
                return;
            }

            switch (random.Next(4))
            {
                case 0: slot.DoorOpen = !slot.DoorOpen; break;
                case 1: slot.PutItem(random.Next(3) == 0 ? null : (random.Next(2) == 0 ? "PB-" : "UM-") + random.Next(9)); break;
                case 2: slot.ItemId = random.Next(2) == 0 ? null : "XX-9"; break;
                default: slot.ItemPresent = !slot.ItemPresent; break;
            }
        }

        if (device.Session is not null && random.Next(5) == 0)
        {
            device.Session.EmergencyStopPressed = !device.Session.EmergencyStopPressed;
        }
    }

    private sealed class Screen(StringBuilder screen) : IConsoleOutput
    {
        public void Write(string text) => screen.Append(text);
    }
}
