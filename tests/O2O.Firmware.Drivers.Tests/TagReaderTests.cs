using System.Device.I2c;
using System.Text;
using O2O.Firmware.Drivers.TagReader;
using O2O.Firmware.Drivers.Tests.Support;

namespace O2O.Firmware.Drivers.Tests;

public sealed class TagReaderTests
{
    private readonly TestClock _clock = new();
    private readonly TagModule _module = new();
    private readonly I2cTagReader _reader;

    public TagReaderTests()
    {
        _reader = new I2cTagReader(_module, _clock);
    }

    [Fact]
    public void A_tag_appears_and_goes_with_the_item()
    {
        _module.Answer = Tag("PB-0042");
        _reader.Tick();
        Assert.Equal("PB-0042", _reader.CurrentTag);

        _module.Answer = [0x00, 0x00];
        Step();
        Assert.Null(_reader.CurrentTag);
    }

    [Fact]
    public void The_reader_is_polled_at_its_interval_not_every_loop_pass()
    {
        for (int i = 0; i < 100; i++)
        {
            _clock.Advance(10);
            _reader.Tick();
        }

        Assert.Equal(1000 / I2cTagReader.PollMilliseconds, _module.Reads);
    }

    [Fact]
    public void An_unchanged_tag_is_not_rebuilt()
    {
        _module.Answer = Tag("UM-7");
        _reader.Tick();
        string first = _reader.CurrentTag!;
        Step();

        Assert.Same(first, _reader.CurrentTag);
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 17, 0x41 })]
    [InlineData(new byte[] { 0x01, 3, 0x41, 0x00, 0x41 })]
    [InlineData(new byte[] { 0x01, 2, 0x20, 0x41 })]
    public void Implausible_answers_read_as_no_tag_and_are_counted(byte[] answer)
    {
        _module.Answer = answer;
        _reader.Tick();

        Assert.Null(_reader.CurrentTag);
        Assert.Equal(1, _reader.BadReads);
    }

    private void Step()
    {
        _clock.Advance(I2cTagReader.PollMilliseconds);
        _reader.Tick();
    }

    private static byte[] Tag(string id) => [0x01, (byte)id.Length, .. Encoding.ASCII.GetBytes(id)];

    /// <summary>The reader module's bus side: answers a register read with whatever the test set.</summary>
    private sealed class TagModule : I2cDevice
    {
        public byte[] Answer { get; set; } = [0x00, 0x00];

        public int Reads { get; private set; }

        public override I2cConnectionSettings ConnectionSettings { get; } = new(1, 0x20);

        public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
        {
            Assert.Equal([0x00], writeBuffer.ToArray());
            Reads++;
            readBuffer.Clear();
            Answer.AsSpan(0, Math.Min(Answer.Length, readBuffer.Length)).CopyTo(readBuffer);
        }

        public override void Read(Span<byte> buffer) => throw new NotSupportedException();

        public override void Write(ReadOnlySpan<byte> buffer) => throw new NotSupportedException();
    }
}

public sealed class TagReaderFailureTests
{
    [Fact]
    public void A_failed_transfer_reads_as_no_tag_never_as_the_last_one()
    {
        var clock = new O2O.Firmware.Drivers.Tests.Support.TestClock();
        var module = new FlakyModule();
        var reader = new O2O.Firmware.Drivers.TagReader.I2cTagReader(module, clock);
        reader.Tick();
        Assert.Equal("PB-1", reader.CurrentTag);

        module.Fails = true;
        clock.Advance(O2O.Firmware.Drivers.TagReader.I2cTagReader.PollMilliseconds);
        reader.Tick();

        Assert.Null(reader.CurrentTag);
    }

    /// <summary>A reader module whose transfers can fail (NACK, timeout): nothing gets written into the buffer.</summary>
    private sealed class FlakyModule : System.Device.I2c.I2cDevice
    {
        public bool Fails { get; set; }

        public override System.Device.I2c.I2cConnectionSettings ConnectionSettings { get; } = new(1, 0x20);

        public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
        {
            if (!Fails)
            {
                byte[] answer = [0x01, 4, (byte)'P', (byte)'B', (byte)'-', (byte)'1'];
                answer.CopyTo(readBuffer);
            }
        }

        public override void Read(Span<byte> buffer) => throw new NotSupportedException();

        public override void Write(ReadOnlySpan<byte> buffer) => throw new NotSupportedException();
    }
}
