using System.Device.Gpio;
using O2O.Firmware.Drivers.Inputs;
using O2O.Simulator.Devices.Buses;
using O2O.Simulator.Devices.Physics;

namespace O2O.Simulator.Tests.PinLevel;

/// <summary>Contact bounce from the switch models reaches the firmware's DebouncedInput through the GPIO interrupts, and stops there.</summary>
public sealed class DebounceTests
{
    [Fact]
    public void A_bouncing_door_switch_reaches_the_driver_as_a_burst_of_edges_and_the_firmware_sees_one_change()
    {
        var physics = new PhysicsOptions { SwitchBounce = new ContactBounce(3, TimeSpan.FromMilliseconds(4)) };
        PinRig rig = new PinRig("powerbank-4", physics, "PB-0001").Boot();
        DebouncedInput door = rig.Device.Drivers.Drivers.DoorInput(0)!;
        int edgesBefore = door.Edges;
        var seen = new List<(TimeSpan At, bool Open)>();
        TimeSpan start = rig.Time.Now;

        rig.Device.Slots[0].ForceOpen();
        for (int ms = 0; ms < 60; ms++)
        {
            rig.Run(TimeSpan.FromMilliseconds(1));
            bool open = rig.Device.Device.Slot(0).Hardware.DoorOpen;
            if (seen.Count == 0 || seen[^1].Open != open)
            {
                seen.Add((rig.Time.Now - start, open));
            }
        }

        // 1 + 2 x 3 edges over 4 ms; the state changes once, a whole debounce window after the last edge.
        Assert.Equal(7, door.Edges - edgesBefore);
        Assert.Equal([false, true], seen.Select(s => s.Open));
        Assert.InRange(seen[1].At, TimeSpan.FromMilliseconds(4 + 30), TimeSpan.FromMilliseconds(4 + 30 + 5));
        rig.AssertNoLoopErrors();
    }

    [Fact]
    public void A_glitch_shorter_than_the_debounce_window_never_reaches_the_firmware()
    {
        PinRig rig = new PinRig("powerbank-4", "PB-0001").Boot();
        int pin = rig.Device.Slots[0].ItemSwitch!.Pin;
        DebouncedInput item = rig.Device.Drivers.Drivers.ItemInput(0)!;
        int edgesBefore = item.Edges;

        // A knock on the cabinet: the item switch opens for 12 ms, too quick for the loop to sample every edge of it.
        rig.Device.Hardware.Gpio.DriveInput(pin, null);
        rig.Run(TimeSpan.FromMilliseconds(12));
        rig.Device.Hardware.Gpio.DriveInput(pin, PinValue.Low);
        rig.Run(TimeSpan.FromSeconds(3));

        Assert.Equal(2, item.Edges - edgesBefore);
        Assert.True(item.Active);
        Assert.DoesNotContain(rig.Events(), e => e.Type is "tamper" or "item_taken" or "sensor_disagreement");
        rig.AssertNoLoopErrors();
    }
}
