using Microsoft.Extensions.Time.Testing;
using O2O.Firmware.Drivers.TagReader;
using O2O.Simulator.Devices;
using O2O.Simulator.Devices.Buses;
using O2O.Simulator.Devices.Peripherals;

namespace O2O.Simulator.Tests.PinLevel;

/// <summary>The tag-reader module's register protocol, read by the real I2cTagReader driver over the I2C emulator.</summary>
public sealed class TagReaderModuleTests
{
    private readonly FakeTimeProvider _time = new(PinRig.Start);
    private readonly SimulatedI2cBus _bus;
    private readonly TagReaderModule _module = new();
    private readonly I2cTagReader _reader;

    public TagReaderModuleTests()
    {
        var time = new SimulationTime(_time);
        _bus = new SimulatedI2cBus(new HardwareContext(time));
        _bus.Attach(0x21, _module);
        _reader = new I2cTagReader(_bus.Open(0x21), new DeviceClock(time, TimeSpan.Zero, () => TimeSpan.Zero));
    }

    [Fact]
    public void The_driver_reads_the_tag_in_range_at_its_poll_rate_and_no_tag_when_it_goes()
    {
        _module.Tag = "PB-0123456789ABC";
        _reader.Tick();
        string? first = _reader.CurrentTag;
        _module.Tag = null;
        _reader.Tick();
        string? beforeNextPoll = _reader.CurrentTag;
        _time.Advance(TimeSpan.FromMilliseconds(I2cTagReader.PollMilliseconds));
        _reader.Tick();

        Assert.Equal("PB-0123456789ABC", first);
        Assert.Equal(first, beforeNextPoll);
        Assert.Null(_reader.CurrentTag);
        Assert.Equal(2, _module.Reads);
    }

    [Fact]
    public void Registers_are_read_from_the_pointer_a_write_sets_and_past_the_end_read_as_an_idle_bus()
    {
        _module.Tag = "UM-7";
        var answer = new byte[4];

        _bus.Open(0x21).WriteRead([0x01], answer);

        Assert.Equal(new byte[] { 4, (byte)'U', (byte)'M', (byte)'-' }, answer);
        _bus.Open(0x21).WriteRead([0x11], answer);
        Assert.Equal(new byte[] { 0, 0xFF, 0xFF, 0xFF }, answer);
    }

    [Fact]
    public void A_silent_module_is_a_nak_and_the_driver_reads_no_tag()
    {
        _module.Tag = "PB-1";
        _module.Silent = true;

        _reader.Tick();

        Assert.Null(_reader.CurrentTag);
        Assert.Equal(1, _bus.Naks(0x21));
        Assert.Throws<ArgumentException>(() => _module.Tag = new string('X', TagReaderModule.MaxIdLength + 1));
    }
}
