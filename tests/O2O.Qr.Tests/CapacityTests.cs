using O2O.Qr;

namespace O2O.Qr.Tests;

/// <summary>Capacities against ISO/IEC 18004:2015 Table 7 (characters per mode), independently of QRCoder.</summary>
public class CapacityTests
{
    [Theory]
    [InlineData(1, QrErrorCorrection.L, 41, 25, 17)]
    [InlineData(1, QrErrorCorrection.M, 34, 20, 14)]
    [InlineData(1, QrErrorCorrection.Q, 27, 16, 11)]
    [InlineData(1, QrErrorCorrection.H, 17, 10, 7)]
    [InlineData(40, QrErrorCorrection.L, 7089, 4296, 2953)]
    [InlineData(40, QrErrorCorrection.M, 5596, 3391, 2331)]
    [InlineData(40, QrErrorCorrection.Q, 3993, 2420, 1663)]
    [InlineData(40, QrErrorCorrection.H, 3057, 1852, 1273)]
    public void MatchesTable7(int version, QrErrorCorrection level, int numeric, int alphanumeric, int bytes)
    {
        var encoder = new QrEncoder();
        Assert.Equal(numeric, Corpus.MaxLength(encoder, "0123456789", level, version));
        Assert.Equal(alphanumeric, Corpus.MaxLength(encoder, "ABC", level, version));
        Assert.Equal(bytes, Corpus.MaxLength(encoder, "abc", level, version));
    }

    [Fact]
    public void PaymentUrlPicksSmallestVersionPerLevel()
    {
        var encoder = new QrEncoder();
        int previous = 0;
        foreach (QrErrorCorrection level in Corpus.Levels)
        {
            QrSymbol symbol = encoder.Encode(Corpus.PaymentUrl, level)!;
            Assert.Null(encoder.Encode(Corpus.PaymentUrl, level, 1, symbol.Version - 1, QrEncoder.AutoMask));
            Assert.True(symbol.Version >= previous);
            previous = symbol.Version;
        }
    }
}
