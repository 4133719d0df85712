using System.Device.Gpio;
using O2O.Firmware.Drivers.Inputs;
using O2O.Firmware.Drivers.Tests.Support;

namespace O2O.Firmware.Drivers.Tests;

public sealed class DebouncedInputTests
{
    private const int Pin = 34;
    private const int Window = 30;
    private readonly TestClock _clock = new();
    private readonly RecordingGpioDriver _gpio;
    private readonly GpioController _controller;

    public DebouncedInputTests()
    {
        _gpio = new RecordingGpioDriver(_clock);
        _gpio.SetInput(Pin, PinValue.High);
        _controller = new GpioController(_gpio);
    }

    [Fact]
    public void Bounces_shorter_than_the_window_never_change_the_state()
    {
        using var input = new DebouncedInput(_controller, Pin, activeLow: true, internalPullUp: false, _clock, Window);

        // A switch that chatters: low for 10 ms, high for 5, low for 12, high again, for a while.
        int[] pattern = [10, 5, 12, 8, 20, 3];
        bool low = false;
        foreach (int ms in pattern)
        {
            low = !low;
            _gpio.SetInput(Pin, low ? PinValue.Low : PinValue.High);
            RunTicks(ms, input);
            Assert.False(input.Active);
        }

        Assert.Equal(pattern.Length, input.Edges);
    }

    [Fact]
    public void A_level_held_for_the_whole_window_is_accepted_and_not_before()
    {
        using var input = new DebouncedInput(_controller, Pin, activeLow: true, internalPullUp: false, _clock, Window);

        _gpio.SetInput(Pin, PinValue.Low);
        RunTicks(Window - 1, input);
        Assert.False(input.Active);
        RunTicks(1, input);
        Assert.True(input.Active);

        _gpio.SetInput(Pin, PinValue.High);
        RunTicks(Window, input);
        Assert.False(input.Active);
    }

    [Fact]
    public void An_edge_between_two_samples_restarts_the_window_even_when_the_samples_agree()
    {
        using var input = new DebouncedInput(_controller, Pin, activeLow: true, internalPullUp: false, _clock, Window);
        _gpio.SetInput(Pin, PinValue.Low);
        RunTicks(Window - 5, input);

        // A glitch too short for any sample to see: only the interrupt notices it.
        _gpio.SetInput(Pin, PinValue.High);
        _gpio.SetInput(Pin, PinValue.Low);
        RunTicks(Window - 1, input);

        Assert.False(input.Active);
        RunTicks(1, input);
        Assert.True(input.Active);
    }

    [Fact]
    public void Pins_without_internal_pulls_open_as_plain_inputs_others_with_the_pull_up()
    {
        using var external = new DebouncedInput(_controller, Pin, activeLow: true, internalPullUp: false, _clock, Window);
        using var internalPull = new DebouncedInput(_controller, 32, activeLow: true, internalPullUp: true, _clock, Window);

        Assert.Equal(PinMode.Input, _gpio.Mode(Pin));
        Assert.Equal(PinMode.InputPullUp, _gpio.Mode(32));
        Assert.False(internalPull.Active);
    }

    private void RunTicks(int milliseconds, DebouncedInput input)
    {
        for (int i = 0; i < milliseconds; i++)
        {
            _clock.Advance(1);
            input.Tick();
        }
    }
}
