using O2O.Firmware.Core.Slots;

namespace O2O.Firmware.Core.Tests.Support;

/// <summary>
/// Runs a short script of commands, physical actions and waits against a <see cref="DeviceHarness"/>, so
/// each transition of the slot state machine is one readable table row. Steps are separated by ';'.
/// Waits take milliseconds or the definition's names: pulse, cooldown, timeout, reminder, escalate, settle, minute.
/// </summary>
internal static class SlotScript
{
    public static void Run(DeviceHarness device, string script)
    {
        foreach (string raw in script.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] w = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int slot = w.Length > 1 && int.TryParse(w[1], out int s) ? s : -1;
            switch (w[0])
            {
                case "unlock": device.Unlock(slot, w[2], w.Length > 3 ? w[3] : null); break;
                case "reserve": device.Send($"{{\"v\":1,\"id\":\"{device.NextCommandId()}\",\"type\":\"reserve\",\"slot\":{slot},\"minutes\":{w[2]}{(w.Length > 3 ? $",\"order\":\"{w[3]}\"" : "")}}}"); break;
                case "cancel": device.Send($"{{\"v\":1,\"id\":\"{device.NextCommandId()}\",\"type\":\"cancel\",\"slot\":{slot}}}"); break;
                case "run": device.Run(Duration(device, w[1])); break;
                case "door": device.Slots[slot].DoorOpen = w[2] == "open"; break;
                case "take": device.Slots[slot].PutItem(null); break;
                case "put": device.Slots[slot].PutItem(w[2]); break;
                case "tag": device.Slots[slot].ItemId = w[2] == "none" ? null : w[2]; break;
                case "press": device.Slots[slot].ItemPresent = true; break;
                case "maintain": Assert.Null(device.Device.TechnicianUnlock(slot, "tech-1")); break;
                default: throw new ArgumentException("unknown script step: " + raw);
            }
        }
    }

    public static string States(DeviceHarness device) =>
        string.Join(' ', Enumerable.Range(0, device.Device.SlotCount).Select(i => SlotNames.State(device.Device.Slot(i).State)));

    private static long Duration(DeviceHarness device, string text)
    {
        long sum = 0;
        foreach (string part in text.Split('+'))
        {
            DeviceTimingsView t = device.Timings;
            sum += part switch
            {
                "pulse" => t.Pulse,
                "cooldown" => t.Cooldown,
                "timeout" => t.OpenTimeout,
                "reminder" => t.Reminder,
                "escalate" => t.Escalate,
                "settle" => t.Settle,
                "minute" => 60_000,
                _ => long.Parse(part),
            };
        }

        return sum;
    }
}
