using System.Device.Gpio;
using O2O.Protocol;
using O2O.Simulator.Devices.Physics;

namespace O2O.Simulator.Tests.PinLevel;

/// <summary>Every model in firmware/definitions boots on the simulated board and does its job at pin level.</summary>
public sealed class DeviceModelTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("powerbank-4", "PB-0001")]
    [InlineData("umbrella-4", "UM-0001")]
    [InlineData("locker-4", "parcel")]
    [InlineData("karaoke-booth", null)]
    public void A_slot_model_boots_and_a_paid_unlock_opens_its_slot(string model, string? item)
    {
        PinRig rig = new PinRig(model, item).Boot();
        SlotMechanism slot = rig.Device.Slots[0];
        int latchPin = rig.Device.Hardware.Physics.Slots[0].Coil.Pin;
        Assert.Equal(PinMode.Output, rig.Device.Hardware.Gpio.ModeOf(latchPin));
        Assert.Equal(PinValue.Low, rig.Device.Hardware.Gpio.Level(latchPin));
        Assert.Equal(("boot", "power_on"), (rig.Events()[0].Type, rig.Events()[0].Code));

        string command = rig.Unlock(0);
        rig.RunUntil(() => slot.Unlatched, Limit, "the slot lets go");
        if (!slot.HasDoor)
        {
            // Without a door, the firmware sees the opening only when the customer pulls the freed item out.
            Assert.Equal(item, slot.TakeItem());
        }

        rig.RunUntil(() => rig.Ack(command) is not null, Limit, "the unlock is acked");

        Assert.Equal(CommandAck.Ok, rig.Ack(command)!.Outcome);
        Assert.Equal(1, slot.LatchPulses);
        Assert.Contains(rig.Events(), e => e.Type == EventTypes.Opened && e.Slot == 0);
        Assert.Empty(rig.Device.Hardware.Physics.Damage);
        rig.AssertNoLoopErrors();
    }

    [Theory]
    [InlineData("massage-chair")]
    [InlineData("karaoke-booth")]
    public void A_timed_model_boots_and_a_session_powers_its_relay_until_the_emergency_stop(string model)
    {
        PinRig rig = new PinRig(model).Boot();
        SessionLoad load = rig.Device.Session!;
        Assert.False(load.Powered);

        string command = rig.Send(new DeviceCommand { Type = CommandTypes.SessionStart, OrderId = "ord-s", Minutes = 5 });
        rig.RunUntil(() => load.Powered, Limit, "the relay powers the load");
        rig.Run(TimeSpan.FromSeconds(2));
        load.PressEmergencyStop();
        rig.RunUntil(() => !load.Powered, Limit, "the emergency stop cuts the power");

        Assert.Equal(CommandAck.Ok, rig.Ack(command)!.Outcome);
        Assert.InRange(load.Runs.Single().Length, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.2));
        Assert.Contains(rig.Events(), e => e.Type == EventTypes.SessionEnded && e.Code == "emergency_stop");
        rig.AssertNoLoopErrors();
    }

    [Fact]
    public void An_umbrella_pushed_into_an_empty_slot_is_caught_by_the_spring_bolt_and_its_tag_read_as_a_return()
    {
        PinRig rig = new PinRig("umbrella-4", "UM-0001", null).Boot();

        Assert.True(rig.Device.Slots[1].PutItem("UM-0042"));
        rig.RunUntil(() => rig.Events(EventTypes.Returned).Count > 0, Limit, "the firmware accepts the return");

        DeviceEvent returned = rig.Events(EventTypes.Returned).Single();
        Assert.Equal((1, "UM-0042"), (returned.Slot, returned.ItemId));
        Assert.Equal(0, rig.Device.Slots[1].LatchPulses);
        Assert.True(rig.Device.Slots[1].TagReader!.Reads > 0);
    }
}
