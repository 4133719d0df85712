using Microsoft.CodeAnalysis;
using O2O.DeviceGuard.Tests.Infrastructure;

namespace O2O.DeviceGuard.Tests;

/// <summary>
/// Bus transfers written with byte arrays bind to ReadOnlySpan&lt;byte&gt; on the host and to SpanByte on the
/// device; both convert from byte[], so such calls are shared API and must not be flagged. A span passed
/// directly is host-only and must be.
/// </summary>
public sealed class BusBufferTests
{
    [Fact]
    public async Task Byte_array_buffers_on_i2c_and_spi_are_device_safe()
    {
        const string source = """
            using System.Device.I2c;
            using System.Device.Spi;

            class Bus
            {
                void Send(I2cDevice i2c, SpiDevice spi)
                {
                    var buffer = new byte[] { 0x00, 0xAF };
                    i2c.Write(buffer);
                    i2c.Read(new byte[4]);
                    i2c.WriteRead(buffer, new byte[2]);
                    spi.Write(buffer);
                    spi.TransferFullDuplex(buffer, new byte[2]);
                }
            }
            """;

        var diagnostics = await GuardRunner.RunAsync(source);

        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("NF", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_span_argument_is_still_flagged()
    {
        const string source = """
            using System;
            using System.Device.I2c;

            class Bus
            {
                void Send(I2cDevice i2c, byte[] buffer) => i2c.Write(new ReadOnlySpan<byte>(buffer, 0, 1));
            }
            """;

        var diagnostics = await GuardRunner.RunAsync(source);

        Assert.Contains(diagnostics, d => d.Id is "NF0007" or "NF0019" && d.Severity == DiagnosticSeverity.Error);
    }
}
