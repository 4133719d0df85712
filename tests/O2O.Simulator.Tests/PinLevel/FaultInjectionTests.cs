using System.Device.Gpio;
using O2O.Firmware.Core.Commands;
using O2O.Protocol;
using O2O.Simulator.Devices.Physics;

namespace O2O.Simulator.Tests.PinLevel;

/// <summary>Each injected fault acts on the hardware or the network only; the firmware has to notice it as it would in the field.</summary>
public sealed class FaultInjectionTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    [Fact]
    public void A_jammed_latch_is_pulsed_twice_then_the_firmware_reports_the_slot_jammed()
    {
        PinRig rig = new PinRig("powerbank-4", "PB-0001").Boot();
        rig.Device.Faults.JamLatch(0);

        string command = rig.Unlock(0, orderId: "ord-jam");
        rig.RunUntil(() => rig.Ack(command) is not null, Limit, "the unlock is answered");

        Assert.Equal((CommandAck.Failed, "jammed"), (rig.Ack(command)!.Outcome, rig.Ack(command)!.Reason));
        Assert.Contains(rig.Events(EventTypes.Jammed), e => e.Slot == 0 && e.OrderId == "ord-jam");
        Assert.Equal(("fault", "jammed"), (rig.LastState()!.Slots[0].State, rig.LastState()!.Slots[0].Fault));
        Assert.Equal(2, rig.Device.Slots[0].LatchPulses);
        Assert.False(rig.Device.Slots[0].DoorOpen);
        Assert.Contains("slot 0: latch jammed", rig.Device.Faults.Active());
    }

    [Fact]
    public void An_item_switch_stuck_closed_on_an_empty_slot_is_a_sensor_disagreement_until_it_is_freed()
    {
        PinRig rig = new PinRig("powerbank-4", "PB-0001", "PB-0002", "PB-0003", null).Boot();

        rig.Device.Faults.StickItemSwitch(3, present: true);
        rig.RunUntil(() => rig.Events(EventTypes.SensorDisagreement).Count > 0, Limit, "the firmware notices the sensors disagree");
        string stateWhileStuck = rig.LastState()!.Slots[3].Fault!;
        rig.Device.Faults.FreeSwitches(3);
        rig.RunUntil(() => rig.Events(EventTypes.FaultCleared).Count > 0, Limit, "the fault clears");

        Assert.Equal(3, rig.Events(EventTypes.SensorDisagreement).Single().Slot);
        Assert.Equal("sensor_disagreement", stateWhileStuck);
        Assert.Equal(PinValue.High, rig.Device.Hardware.Gpio.Level(rig.Device.Slots[3].ItemSwitch!.Pin));
        Assert.False(rig.Device.Slots[3].ItemPresent);
    }

    [Fact]
    public void A_door_switch_stuck_at_closed_hides_an_open_drawer_so_the_firmware_reports_a_jam()
    {
        PinRig rig = new PinRig("locker-4", "parcel").Boot();
        rig.Device.Faults.StickDoorSwitch(0, open: false);

        string command = rig.Unlock(0);
        rig.RunUntil(() => rig.Ack(command) is not null, Limit, "the unlock is answered");

        // The drawer did spring open; only the switch says otherwise, and the firmware can only go by the switch.
        Assert.True(rig.Device.Slots[0].DoorOpen);
        Assert.Equal((CommandAck.Failed, "jammed"), (rig.Ack(command)!.Outcome, rig.Ack(command)!.Reason));
    }

    [Fact]
    public void A_silent_tag_reader_makes_a_full_slot_read_as_untagged_and_the_sensors_disagree()
    {
        PinRig rig = new PinRig("umbrella-4", "UM-0001").Boot();

        rig.Device.Faults.SilenceTagReader(0);
        rig.RunUntil(() => rig.Events(EventTypes.SensorDisagreement).Count > 0, Limit, "the firmware notices the sensors disagree");

        Assert.True(rig.Device.Hardware.I2c.Naks(0x20) > 0);
        Assert.Null(rig.Device.Device.Slot(0).Hardware.ItemId);
    }

    [Fact]
    public void A_brownout_mid_sale_reboots_with_a_new_boot_and_the_interrupted_order_is_settled_from_the_sensors()
    {
        PinRig rig = new PinRig("powerbank-4", "PB-0001").Boot();
        SlotMechanism slot = rig.Device.Slots[0];
        rig.Unlock(0, orderId: "ord-b");
        rig.RunUntil(() => rig.Events(EventTypes.Opened).Count > 0, Limit, "the firmware sees the drawer open");
        Assert.Equal("PB-0001", slot.TakeItem());
        rig.RunUntil(() => rig.Events(EventTypes.ItemTaken).Count > 0, Limit, "the firmware sees the power bank go");
        string firstBoot = rig.Device.Device.BootId;

        rig.Device.Faults.Brownout();
        rig.Run(TimeSpan.FromMilliseconds(100));

        DeviceEvent boot = rig.Events(EventTypes.Boot).Last();
        Assert.NotEqual(firstBoot, rig.Device.Device.BootId);
        Assert.Equal([firstBoot, rig.Device.Device.BootId], rig.Device.BootIds);
        Assert.Equal((rig.Device.Device.BootId, "brownout"), (boot.BootId, boot.Code));
        DeviceEvent settled = rig.Events(EventTypes.Dispensed).Single();
        Assert.Equal(("ord-b", "after_reboot", rig.Device.Device.BootId), (settled.OrderId, settled.Code, settled.BootId));
        Assert.Equal(PinValue.Low, rig.Device.Hardware.Gpio.Level(slot.Coil.Pin));
        Assert.True(rig.Device.Device.Clock.UptimeMilliseconds < 200);
        Assert.Equal(2, rig.Link.Connections);
        rig.AssertNoLoopErrors();
    }

    [Fact]
    public void A_brownout_before_the_item_is_taken_settles_the_order_as_failed()
    {
        PinRig rig = new PinRig("powerbank-4", "PB-0001").Boot();
        rig.Unlock(0, orderId: "ord-c");
        rig.RunUntil(() => rig.Device.Slots[0].LatchEnergised, Limit, "the latch is pulsed");

        rig.Device.Faults.Brownout();
        rig.Run(TimeSpan.FromMilliseconds(100));

        DeviceEvent failed = rig.Events(EventTypes.UnlockFailed).Single();
        Assert.Equal(("ord-c", RecentCommands.Interrupted), (failed.OrderId, failed.Code));
        Assert.Empty(rig.Events(EventTypes.Dispensed));
        Assert.Equal(1, rig.Device.Slots[0].LatchPulses);
    }

    [Fact]
    public void A_brownout_after_an_item_was_put_back_settles_the_return_from_the_tag_read_at_boot()
    {
        PinRig rig = new PinRig("powerbank-4", "PB-0001", null).Boot();
        rig.Unlock(1, DeviceCommand.ReturnMode, "ord-ret");
        rig.RunUntil(() => rig.Events(EventTypes.Opened).Count > 0, Limit, "the firmware sees the drawer open");
        Assert.True(rig.Device.Slots[1].PutItem("PB-0009"));
        rig.Run(TimeSpan.FromMilliseconds(500));

        rig.Device.Faults.Brownout();
        rig.Run(TimeSpan.FromMilliseconds(100));

        DeviceEvent settled = rig.Events(EventTypes.Returned).Single();
        Assert.Equal(("ord-ret", "PB-0009", "after_reboot"), (settled.OrderId, settled.ItemId, settled.Code));
        Assert.Empty(rig.Events(EventTypes.UnlockFailed));
    }

    [Fact]
    public void A_wifi_drop_takes_the_link_down_and_what_happened_meanwhile_goes_out_in_order_after_it_returns()
    {
        PinRig rig = new PinRig("powerbank-4", "PB-0001", "PB-0002").Boot();
        long sequenceBefore = rig.Events().Max(e => e.Sequence);

        rig.Device.Faults.DropWifi(TimeSpan.FromSeconds(3));
        rig.Run(TimeSpan.FromSeconds(1));
        bool linkDown = !rig.Link.IsConnected && !rig.Device.WifiUp && rig.Device.Platform.WifiRssi == 0;
        rig.Device.Slots[1].ForceOpen();
        rig.Run(TimeSpan.FromSeconds(1));
        bool tamperHeldBack = rig.Events(EventTypes.Tamper).Count == 0 && rig.Device.Device.Events.PendingCount > 0;
        rig.RunUntil(() => rig.Link.IsConnected, Limit, "the link comes back");
        rig.Run(TimeSpan.FromMilliseconds(20));

        Assert.True(linkDown);
        Assert.True(tamperHeldBack);
        DeviceEvent tamper = rig.Events(EventTypes.Tamper).Single();
        Assert.Equal((1, "forced_open", sequenceBefore + 1), (tamper.Slot, tamper.Code, tamper.Sequence));
        Assert.Equal(0, rig.Device.Device.Events.PendingCount);
        Assert.Equal(1, rig.Device.Device.Events.Health.LinkDrops);
        Assert.True(rig.Device.WifiUp);
    }

    [Fact]
    public void A_skewed_clock_shows_in_the_devices_timestamps_and_makes_it_refuse_fresh_unlocks_as_expired()
    {
        PinRig rig = new PinRig("powerbank-4", "PB-0001").Boot();
        TimeSpan skew = TimeSpan.FromMinutes(10);

        rig.Device.Faults.SkewClock(skew);
        long sentAt = rig.Time.UtcNow.ToUnixTimeMilliseconds();
        string command = rig.Unlock(0);
        rig.Run(TimeSpan.FromMilliseconds(20));
        CommandAck refused = rig.Ack(command)!;
        rig.Device.Faults.SkewClock(TimeSpan.Zero);
        string retry = rig.Unlock(0);
        rig.RunUntil(() => rig.Ack(retry) is not null, Limit, "the retry is answered");

        Assert.Equal((CommandAck.Rejected, "expired"), (refused.Outcome, refused.Reason));
        // The ack went out within 20 ms of true time after the command: its timestamp is that, plus the skew.
        Assert.InRange(refused.Timestamp - sentAt, (long)skew.TotalMilliseconds, (long)skew.TotalMilliseconds + 20);
        Assert.Equal(CommandAck.Ok, rig.Ack(retry)!.Outcome);
        Assert.Equal(1, rig.Device.Slots[0].LatchPulses);
    }
}
