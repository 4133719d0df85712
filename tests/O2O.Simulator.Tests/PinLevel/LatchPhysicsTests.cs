using System.Device.Gpio;
using O2O.Firmware.Drivers.Latch;
using O2O.Protocol;
using O2O.Simulator.Devices.Physics;

namespace O2O.Simulator.Tests.PinLevel;

/// <summary>The latch mechanics: the bolt needs the coil's pull for a minimum time, and a coil driven beyond its rating is recorded as damaged.</summary>
public sealed class LatchPhysicsTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public void The_bolt_lets_go_only_once_the_coil_has_pulled_for_the_release_time()
    {
        PinRig rig = new PinRig("powerbank-4", "PB-0001").Boot();
        LatchOutput latch = rig.Device.Drivers.Drivers.Latch(0);
        SlotMechanism slot = rig.Device.Slots[0];

        Assert.True(latch.Energise());
        rig.Run(TimeSpan.FromMilliseconds(60));
        latch.Release();
        rig.Run(TimeSpan.FromMilliseconds(1600));
        bool openedByShortPulse = slot.DoorOpen;

        Assert.True(latch.Energise());
        TimeSpan pulled = rig.RunUntil(() => slot.DoorOpen, Limit, "the drawer springs open");
        latch.Release();

        Assert.False(openedByShortPulse);
        Assert.Equal(new PhysicsOptions().LatchReleaseAfter, pulled);
        Assert.Equal(2, slot.LatchPulses);
    }

    [Fact]
    public void A_bolt_that_needs_longer_than_the_firmwares_pulse_never_opens_and_the_firmware_reports_it_jammed()
    {
        var stiff = new PhysicsOptions { LatchReleaseAfter = TimeSpan.FromMilliseconds(450) };
        PinRig rig = new PinRig("powerbank-4", stiff, "PB-0001").Boot();

        string command = rig.Unlock(0);
        rig.RunUntil(() => rig.Ack(command) is not null, Limit, "the unlock is answered");

        Assert.Equal((CommandAck.Failed, "jammed"), (rig.Ack(command)!.Outcome, rig.Ack(command)!.Reason));
        Assert.False(rig.Device.Slots[0].DoorOpen);
        Assert.Equal(TimeSpan.FromMilliseconds(400), rig.Device.Slots[0].Coil.LastPulseLength);
    }

    [Fact]
    public void Holding_a_coil_past_its_maximum_on_time_is_recorded_as_damage()
    {
        PinRig rig = new PinRig("powerbank-4", "PB-0001").Boot();
        int pin = rig.Device.Slots[0].Coil.Pin;

        // A firmware bug writing the pin behind the latch driver's back: nothing cuts the pulse.
        rig.Device.Drivers.Gpio.Write(pin, PinValue.High);
        rig.Run(TimeSpan.FromMilliseconds(1200));
        rig.Device.Drivers.Gpio.Write(pin, PinValue.Low);
        rig.Run(TimeSpan.FromMilliseconds(10));

        CoilDamage damage = Assert.Single(rig.Device.Hardware.Physics.Damage);
        Assert.Equal((0, CoilDamage.OverMaxOnTime, TimeSpan.FromMilliseconds(800)), (damage.Slot, damage.Kind, damage.Limit));
        Assert.InRange(damage.Measured, TimeSpan.FromMilliseconds(820), TimeSpan.FromMilliseconds(822));
        Assert.Equal(TimeSpan.FromMilliseconds(1200), rig.Device.Slots[0].Coil.LastPulseLength);
    }

    [Fact]
    public void Energising_a_coil_again_before_it_has_cooled_is_recorded_as_damage()
    {
        PinRig rig = new PinRig("umbrella-4", "UM-0001").Boot();
        int pin = rig.Device.Slots[0].Coil.Pin;

        rig.Device.Drivers.Gpio.Write(pin, PinValue.High);
        rig.Run(TimeSpan.FromMilliseconds(100));
        rig.Device.Drivers.Gpio.Write(pin, PinValue.Low);
        rig.Run(TimeSpan.FromMilliseconds(300));
        rig.Device.Drivers.Gpio.Write(pin, PinValue.High);
        rig.Run(TimeSpan.FromMilliseconds(100));
        rig.Device.Drivers.Gpio.Write(pin, PinValue.Low);

        CoilDamage damage = Assert.Single(rig.Device.Hardware.Physics.Damage);
        Assert.Equal((CoilDamage.InsideCooldown, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(1500)), (damage.Kind, damage.Measured, damage.Limit));
    }

    [Fact]
    public void The_firmware_retrying_a_jammed_latch_keeps_the_coil_within_its_rating()
    {
        PinRig rig = new PinRig("locker-4", "parcel").Boot();
        rig.Device.Faults.JamLatch(0);

        string command = rig.Unlock(0);
        rig.RunUntil(() => rig.Ack(command) is not null, Limit, "the unlock is answered");

        Assert.Equal(2, rig.Device.Slots[0].LatchPulses);
        Assert.Empty(rig.Device.Hardware.Physics.Damage);
        Assert.Equal(0, rig.Device.Drivers.Drivers.Latch(0).RefusedForCooldown);
    }
}
