using O2O.Qr;

namespace O2O.Qr.Tests;

/// <summary>Every refusal is a null result plus <see cref="QrEncoder.LastError"/>; nothing throws.</summary>
public class BadInputTests
{
    private static readonly byte[] Data = "https://o2o.example/"u8.ToArray();
    private readonly QrEncoder _encoder = new();

    [Fact]
    public void NullData()
    {
        Assert.Null(_encoder.Encode((byte[])null!, 0, 0, QrErrorCorrection.M, 1, 40, -1));
        Assert.Equal(QrEncodeError.NullData, _encoder.LastError);
        Assert.Null(_encoder.Encode((string)null!, QrErrorCorrection.M));
        Assert.Equal(QrEncodeError.NullData, _encoder.LastError);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, -1)]
    [InlineData(0, 21)]
    [InlineData(20, 1)]
    [InlineData(21, 0)]
    [InlineData(int.MaxValue, 1)]
    [InlineData(1, int.MaxValue)]
    public void RangeOutsideArray(int offset, int count)
    {
        Assert.Null(_encoder.Encode(Data, offset, count, QrErrorCorrection.M, 1, 40, -1));
        Assert.Equal(QrEncodeError.BadRange, _encoder.LastError);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    [InlineData(int.MaxValue)]
    public void InvalidLevel(int level)
    {
        Assert.Null(_encoder.Encode(Data, 0, Data.Length, (QrErrorCorrection)level, 1, 40, -1));
        Assert.Equal(QrEncodeError.BadLevel, _encoder.LastError);
        Assert.Null(_encoder.Encode("x", (QrErrorCorrection)level));
        Assert.Equal(QrEncodeError.BadLevel, _encoder.LastError);
    }

    [Theory]
    [InlineData(0, 40)]
    [InlineData(1, 41)]
    [InlineData(5, 4)]
    [InlineData(-3, 10)]
    [InlineData(int.MinValue, int.MaxValue)]
    public void InvalidVersionRange(int minVersion, int maxVersion)
    {
        Assert.Null(_encoder.Encode(Data, 0, Data.Length, QrErrorCorrection.M, minVersion, maxVersion, -1));
        Assert.Equal(QrEncodeError.BadVersion, _encoder.LastError);
        Assert.Null(_encoder.Encode("x", QrErrorCorrection.M, minVersion, maxVersion, -1));
        Assert.Equal(QrEncodeError.BadVersion, _encoder.LastError);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(8)]
    [InlineData(int.MinValue)]
    public void InvalidMask(int mask)
    {
        Assert.Null(_encoder.Encode(Data, 0, Data.Length, QrErrorCorrection.M, 1, 40, mask));
        Assert.Equal(QrEncodeError.BadMask, _encoder.LastError);
    }

    [Fact]
    public void TooLongForMaxVersion()
    {
        // Version 1-L holds 17 bytes (Table 7).
        Assert.NotNull(_encoder.Encode(new byte[17], 0, 17, QrErrorCorrection.L, 1, 1, -1));
        Assert.Null(_encoder.Encode(new byte[18], 0, 18, QrErrorCorrection.L, 1, 1, -1));
        Assert.Equal(QrEncodeError.DataTooLong, _encoder.LastError);

        // Version 40-L holds 2953 bytes.
        Assert.NotNull(_encoder.Encode(new byte[2953], 0, 2953, QrErrorCorrection.L, 1, 40, -1));
        Assert.Null(_encoder.Encode(new byte[2954], 0, 2954, QrErrorCorrection.L, 1, 40, -1));
        Assert.Equal(QrEncodeError.DataTooLong, _encoder.LastError);

        // The payment URL does not fit version 3 at any level.
        Assert.Null(_encoder.Encode(Corpus.PaymentUrl, QrErrorCorrection.L, 1, 3, -1));
        Assert.Equal(QrEncodeError.DataTooLong, _encoder.LastError);
        Assert.Contains("too long", _encoder.LastErrorMessage);
    }

    [Fact]
    public void HugeStringIsRefusedWithoutBuffering()
    {
        string huge = new('a', 1_000_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Null(_encoder.Encode(huge, QrErrorCorrection.L));
        Assert.Equal(QrEncodeError.DataTooLong, _encoder.LastError);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024, "the refusal must not allocate a UTF-8 buffer");
    }

    [Fact]
    public void RecoversAfterARefusal()
    {
        Assert.Null(_encoder.Encode(Data, 0, Data.Length, QrErrorCorrection.M, 1, 40, 9));
        QrSymbol? symbol = _encoder.Encode(Data, 0, Data.Length, QrErrorCorrection.M, 1, 40, -1);
        Assert.NotNull(symbol);
        Assert.Equal(QrEncodeError.None, _encoder.LastError);
        Assert.Equal("ok", _encoder.LastErrorMessage);
    }

    [Fact]
    public void OffsetAndCountSelectTheData()
    {
        byte[] padded = [.. "xx"u8, .. Data, .. "yy"u8];
        QrSymbol a = _encoder.Encode(padded, 2, Data.Length, QrErrorCorrection.Q, 1, 40, -1)!;
        QrSymbol b = _encoder.Encode(Data, 0, Data.Length, QrErrorCorrection.Q, 1, 40, -1)!;
        Assert.Null(Reference.Difference(Reference.Modules(b), Reference.Modules(a)));
    }

    [Fact]
    public void IsDarkOutsideTheSymbolIsLight()
    {
        QrSymbol symbol = _encoder.Encode("A", QrErrorCorrection.M)!;
        Assert.True(symbol.IsDark(0, 0)); // finder corner
        Assert.False(symbol.IsDark(-1, 0));
        Assert.False(symbol.IsDark(0, symbol.Size));
        Assert.False(symbol.IsDark(int.MaxValue, int.MinValue));
    }
}
