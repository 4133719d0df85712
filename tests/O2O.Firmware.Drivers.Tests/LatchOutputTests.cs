using System.Device.Gpio;
using O2O.Firmware.Drivers.Latch;
using O2O.Firmware.Drivers.Tests.Support;

namespace O2O.Firmware.Drivers.Tests;

public sealed class LatchOutputTests
{
    private const int Pin = 13;
    private readonly TestClock _clock = new();
    private readonly RecordingGpioDriver _gpio;
    private readonly GpioController _controller;

    public LatchOutputTests()
    {
        _gpio = new RecordingGpioDriver(_clock);
        _controller = new GpioController(_gpio);
    }

    [Fact]
    public void Opening_the_pin_drives_it_inactive_before_anything_else()
    {
        using var latch = new LatchOutput(_controller, Pin, activeHigh: true, _clock, maxOnMs: 800, cooldownMs: 1500);

        Assert.Equal(PinMode.Output, _gpio.Mode(Pin));
        Assert.Equal((0L, Pin, PinValue.Low), _gpio.Writes[0]);
        Assert.False(latch.Energised);
    }

    [Fact]
    public void The_max_on_time_is_enforced_even_if_the_caller_never_releases()
    {
        using var latch = new LatchOutput(_controller, Pin, activeHigh: true, _clock, maxOnMs: 800, cooldownMs: 1500);

        Assert.True(latch.Energise());
        for (int ms = 0; ms < 799; ms++)
        {
            _clock.Advance(1);
            latch.Tick();
        }

        Assert.Equal(PinValue.High, _gpio.Level(Pin));
        _clock.Advance(1);
        latch.Tick();

        Assert.Equal(PinValue.Low, _gpio.Level(Pin));
        Assert.Equal(1, latch.CutAtMaxOnTime);
        Assert.Equal([(0L, PinValue.Low), (0L, PinValue.High), (800L, PinValue.Low)], _gpio.Writes.Select(w => (w.Time, w.Value)));
    }

    [Fact]
    public void A_pulse_during_the_cooldown_is_refused_and_nothing_moves()
    {
        using var latch = new LatchOutput(_controller, Pin, activeHigh: true, _clock, maxOnMs: 800, cooldownMs: 1500);
        latch.Energise();
        _clock.Advance(300);
        latch.Release();

        _clock.Advance(1499);
        Assert.False(latch.Energise());
        Assert.Equal(PinValue.Low, _gpio.Level(Pin));
        Assert.Equal(1, latch.RefusedForCooldown);

        _clock.Advance(1);
        Assert.True(latch.Energise());
        Assert.Equal(PinValue.High, _gpio.Level(Pin));
    }

    [Fact]
    public void An_active_low_output_is_inverted_and_disposal_leaves_it_inactive()
    {
        var latch = new LatchOutput(_controller, Pin, activeHigh: false, _clock, maxOnMs: 800, cooldownMs: 1500);
        Assert.Equal(PinValue.High, _gpio.Level(Pin));
        latch.Energise();
        Assert.Equal(PinValue.Low, _gpio.Level(Pin));

        latch.Dispose();

        Assert.Equal(PinValue.High, _gpio.Writes[^1].Value);
        Assert.False(_controller.IsPinOpen(Pin));
    }
}
