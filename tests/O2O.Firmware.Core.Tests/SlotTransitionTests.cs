using O2O.Firmware.Core.Tests.Support;

namespace O2O.Firmware.Core.Tests;

/// <summary>
/// Every transition and fault path of the slot state machine, one row each: a script of commands, physical
/// actions and virtual time, then the events published (boot and heartbeats left out), the acks, and the
/// slot states. Power-bank cabinet: slots 0-2 hold PB-1..PB-3, slot 3 is empty.
/// </summary>
public sealed class SlotTransitionTests
{
    public static TheoryData<string, string, string, string, string> Cabinet() => new()
    {
        // name, script, events, acks, final slot states
        { "rent: open, take, close", "unlock 0 o1; run 100; door 0 open; run 20; take 0; run 20; door 0 closed; run 20",
            "opened item_taken closed dispensed", "ok", "idle idle idle idle" },
        // Regression: the item going in the same pass the door's opening is seen (a quick hand, or an item switch
        // settling before the door switch) was never reported as taken.
        { "rent: item taken as the door opens", "unlock 0 o1; run 100; door 0 open; take 0; run 20; door 0 closed; run 20",
            "opened item_taken closed dispensed", "ok", "idle idle idle idle" },
        { "rent: door closed without taking", "unlock 0 o1; run 100; door 0 open; run 20; door 0 closed; run 20",
            "opened closed unlock_failed", "ok", "idle idle idle idle" },
        { "jam: the retry pulse opens it", "unlock 0 o1; run timeout+cooldown+100; door 0 open; run 20",
            "opened", "ok", "open idle idle idle" },
        { "jam: two pulses, no door, fault", "unlock 0 o1; run timeout+timeout+cooldown+100",
            "jammed", "failed:jammed", "fault idle idle idle" },
        { "forced open while idle", "door 1 open; run 20",
            "tamper", "", "idle fault idle idle" },
        { "door left open: reminder then escalation", "unlock 0 o1; run 100; door 0 open; run reminder+20; run escalate",
            "opened door_left_open door_left_open", "ok", "open idle idle idle" },
        { "sensors disagree, then agree again", "tag 1 none; run settle+20; tag 1 PB-2; run 20",
            "sensor_disagreement fault_cleared", "", "idle idle idle idle" },
        { "a short disagreement settles unreported", "tag 1 none; run 500; tag 1 PB-2; run settle",
            "", "", "idle idle idle idle" },
        { "return: item put back", "unlock 3 o2 return; run 100; door 3 open; run 20; put 3 PB-9; run 20; door 3 closed; run 20",
            "opened closed item_returned returned", "ok", "idle idle idle idle" },
        { "return: foreign item is kept, slot faults", "unlock 3 o2 return; run 100; door 3 open; run 20; put 3 XX-1; door 3 closed; run 20",
            "opened closed wrong_item", "ok", "idle idle idle fault" },
        { "return: tag unreadable counts as wrong item", "unlock 3 o2 return; run 100; door 3 open; run 20; put 3 PB-5; tag 3 none; door 3 closed; run 20",
            "opened closed wrong_item", "ok", "idle idle idle fault" },
        { "return: nothing put back", "unlock 3 o2 return; run 100; door 3 open; run 20; door 3 closed; run 20",
            "opened closed unlock_failed", "ok", "idle idle idle idle" },
        { "reservation expires", "reserve 0 2 o1; run minute+minute+20",
            "reserved reservation_ended", "ok", "idle idle idle idle" },
        { "reservation cancelled", "reserve 0 2 o1; run 100; cancel 0",
            "reserved reservation_ended", "ok ok", "idle idle idle idle" },
        { "reserved slot opens for its own order", "reserve 0 5 o1; unlock 0 o1; run 100; door 0 open; run 20",
            "reserved opened", "ok ok", "open idle idle idle" },
        { "reserved slot refuses another order", "reserve 0 5 o1; unlock 0 o2",
            "reserved", "ok rejected:slot_reserved", "reserved idle idle idle" },
        { "reservation too long", "reserve 0 999",
            "", "rejected:too_long", "idle idle idle idle" },
        { "cancel without reservation", "cancel 1",
            "", "rejected:not_reserved", "idle idle idle idle" },
        { "rent from an empty slot", "unlock 3 o1",
            "", "rejected:slot_empty", "idle idle idle idle" },
        { "return into a full slot", "unlock 0 o1 return",
            "", "rejected:slot_occupied", "idle idle idle idle" },
        { "unlock a slot the device lacks", "unlock 9 o1",
            "", "rejected:unknown_slot", "idle idle idle idle" },
        { "second unlock while busy", "unlock 0 o1; unlock 0 o2",
            "", "rejected:slot_busy", "unlocking idle idle idle" },
        { "unlock a faulted slot", "door 1 open; run 20; door 1 closed; unlock 1 o1",
            "tamper", "rejected:slot_fault", "idle fault idle idle" },
        { "maintenance opening ends a reservation visibly", "reserve 0 5 o1; maintain 0; run 100; door 0 open; run 20; door 0 closed; run 20",
            "reserved technician_unlock reservation_ended opened closed", "ok", "idle idle idle idle" },
        { "maintenance opening clears a fault", "door 1 open; run 20; door 1 closed; run 20; maintain 1; run 100; door 1 open; run 20; door 1 closed; run 20",
            "tamper technician_unlock opened closed fault_cleared", "", "idle idle idle idle" },
    };

    [Theory]
    [MemberData(nameof(Cabinet))]
    public void Power_bank_cabinet(string name, string script, string events, string acks, string states)
    {
        var device = new DeviceHarness("powerbank-4", "PB-1", "PB-2", "PB-3", null);

        SlotScript.Run(device, script);

        Assert.True(string.Join(' ', device.EventTypes()) == events, $"{name}: events were '{string.Join(' ', device.EventTypes())}'");
        Assert.True(string.Join(' ', device.AckSummaries()) == acks, $"{name}: acks were '{string.Join(' ', device.AckSummaries())}'");
        Assert.True(SlotScript.States(device) == states, $"{name}: states were '{SlotScript.States(device)}'");
    }

    public static TheoryData<string, string, string, string, string> Umbrella() => new()
    {
        { "rent: umbrella pulled out after the pulse", "unlock 0 o1; run 100; take 0; run 20",
            "opened item_taken dispensed", "ok", "idle idle idle idle" },
        { "rent: umbrella never taken", "unlock 0 o1; run timeout+timeout+cooldown+100",
            "unlock_failed", "failed:item_not_taken", "idle idle idle idle" },
        { "return: pushed into an empty slot", "put 3 UM-7; run 20",
            "item_returned returned", "", "idle idle idle idle" },
        { "return: the tag is read after the switch settles", "press 3; run 150; tag 3 UM-7; run 20",
            "item_returned returned", "", "idle idle idle idle" },
        { "return: no tag ever read is a wrong item", "press 3; run settle+20",
            "wrong_item", "", "idle idle idle fault" },
        { "maintenance on a doorless slot: one pulse, fault cleared", "take 1; run 20; maintain 1; run pulse+20",
            "tamper technician_unlock opened fault_cleared", "", "idle idle idle idle" },
        { "return: foreign umbrella held", "put 3 XX-7; run 20",
            "wrong_item", "", "idle idle idle fault" },
        { "umbrella pulled out without an unlock", "take 1; run 20",
            "tamper", "", "idle fault idle idle" },
        { "return by unlock is refused: no door to open", "unlock 3 o1 return",
            "", "rejected:return_needs_no_unlock", "idle idle idle idle" },
    };

    [Theory]
    [MemberData(nameof(Umbrella))]
    public void Umbrella_station(string name, string script, string events, string acks, string states)
    {
        var device = new DeviceHarness("umbrella-4", "UM-1", "UM-2", "UM-3", null);

        SlotScript.Run(device, script);

        Assert.True(string.Join(' ', device.EventTypes()) == events, $"{name}: events were '{string.Join(' ', device.EventTypes())}'");
        Assert.True(string.Join(' ', device.AckSummaries()) == acks, $"{name}: acks were '{string.Join(' ', device.AckSummaries())}'");
        Assert.True(SlotScript.States(device) == states, $"{name}: states were '{SlotScript.States(device)}'");
    }
}
