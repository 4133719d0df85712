using O2O.Firmware.Core.Tests.Support;
using O2O.Protocol;

namespace O2O.Firmware.Core.Tests;

/// <summary>
/// Offline unlock tokens presented at the device: forwarded to the edge agent at once as a numbered
/// token_presented event, or refused with a reason. Never queued, never judged beyond their shape, never
/// a reason for a latch to move by themselves.
/// </summary>
public sealed class PresentedTokenTests
{
    private const string ShortCode = "482913570264";

    private readonly DeviceHarness _device = new("powerbank-4", "PB-1", "PB-2", "PB-3", null);

    [Fact]
    public void A_presented_code_goes_out_at_once_as_the_next_numbered_event()
    {
        long before = _device.Device.Events.LastSequence;

        Assert.Null(_device.Device.PresentToken(ShortCode, 2));

        DeviceEvent evt = _device.LastEvent();
        Assert.Equal((EventTypes.TokenPresented, 2, ShortCode), (evt.Type, evt.Slot, evt.Token));
        Assert.Equal((_device.Device.BootId, before + 1), (evt.BootId, evt.Sequence));
        Assert.Equal(_device.Clock.UnixMilliseconds, evt.Timestamp);
        Assert.Equal(0, _device.Device.Events.PendingCount);
        Assert.All(_device.Slots, slot => Assert.Equal(0, slot.Pulses));
    }

    [Fact]
    public void A_phone_token_for_any_free_slot_carries_no_slot()
    {
        string token = string.Concat(Enumerable.Repeat("hCSaA1kBAqdhaWtjYWItMDAx-_", 15));

        Assert.Null(_device.Device.PresentToken(token, DeviceEvent.NoSlot));

        DeviceEvent evt = _device.LastEvent();
        Assert.Equal((EventTypes.TokenPresented, DeviceEvent.NoSlot, token), (evt.Type, evt.Slot, evt.Token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("4829 1357 0264")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.e30.c2ln")]
    [InlineData("abc+/=")]
    [InlineData("48291357026\u00e9")]
    [InlineData("482913570264\r\n")]
    public void A_token_of_the_wrong_shape_is_refused_and_nothing_is_sent(string token)
    {
        Assert.Equal(TokenRefusals.BadToken, _device.Device.PresentToken(token, 1));

        Assert.DoesNotContain(EventTypes.TokenPresented, _device.EventTypes());
    }

    [Fact]
    public void A_token_longer_than_the_protocol_allows_is_refused()
    {
        Assert.Equal(TokenRefusals.BadToken, _device.Device.PresentToken(new string('7', ProtocolLimits.MaxPresentedTokenLength + 1), 1));
        Assert.Null(_device.Device.PresentToken(new string('7', ProtocolLimits.MaxPresentedTokenLength), 1));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(63)]
    [InlineData(-2)]
    public void A_slot_the_device_does_not_have_is_refused(int slot)
    {
        Assert.Equal(TokenRefusals.UnknownSlot, _device.Device.PresentToken(ShortCode, slot));

        Assert.DoesNotContain(EventTypes.TokenPresented, _device.EventTypes());
    }

    [Fact]
    public void While_the_link_is_down_it_is_refused_and_never_sent_later()
    {
        _device.Link.IsConnected = false;

        Assert.Equal(TokenRefusals.Offline, _device.Device.PresentToken(ShortCode, 1));

        _device.Link.IsConnected = true;
        _device.Run(1000);
        Assert.DoesNotContain(EventTypes.TokenPresented, _device.EventTypes());
        Assert.Equal(0, _device.Device.Events.PendingCount);
    }

    [Fact]
    public void Waiting_events_go_out_first_and_a_refused_token_leaves_no_gap_in_the_sequence()
    {
        _device.Link.IsConnected = false;
        _device.Slots[0].DoorOpen = true;
        _device.Run(20);
        Assert.Equal(1, _device.Device.Events.PendingCount);
        Assert.Equal(TokenRefusals.Offline, _device.Device.PresentToken(ShortCode, 1));

        _device.Link.IsConnected = true;
        Assert.Null(_device.Device.PresentToken(ShortCode, 1));

        List<DeviceEvent> events = _device.Link.Events();
        Assert.Equal([EventTypes.Tamper, EventTypes.TokenPresented], events.Skip(events.Count - 2).Select(e => e.Type));
        Assert.Equal(events[^2].Sequence + 1, events[^1].Sequence);
        Assert.Equal(events[^1].Sequence, _device.Device.Events.LastSequence);
    }

    [Fact]
    public void In_safe_mode_it_is_refused_since_no_latch_may_move()
    {
        for (int boot = 0; boot < _device.Definition.Limits.MaxFailedBoots; boot++)
        {
            _device.Reboot();
        }

        Assert.True(_device.Device.SafeMode);

        Assert.Equal(TokenRefusals.SafeMode, _device.Device.PresentToken(ShortCode, 1));
        Assert.DoesNotContain(EventTypes.TokenPresented, _device.EventTypes());
    }

    [Fact]
    public void The_consoles_event_log_shows_the_event_but_not_the_token()
    {
        Assert.Null(_device.Device.PresentToken(ShortCode, 1));

        string log = _device.Device.Events.Log.Describe(5);

        Assert.Contains("token_presented slot=1", log);
        Assert.DoesNotContain(ShortCode, log);
    }

    [Fact]
    public void Later_events_carry_no_token()
    {
        Assert.Null(_device.Device.PresentToken(ShortCode, 1));
        _device.Unlock(0, "o-1");
        _device.Run(100);
        _device.Slots[0].DoorOpen = true;
        _device.Run(20);

        List<DeviceEvent> events = _device.Link.Events();
        Assert.Equal("opened", events[^1].Type);
        Assert.Single(events, e => e.Token is not null);
    }
}
