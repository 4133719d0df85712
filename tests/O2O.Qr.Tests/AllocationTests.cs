using O2O.Qr;

namespace O2O.Qr.Tests;

/// <summary>Once warm, an encode allocates only its output: the QrSymbol and its module bit array.</summary>
public class AllocationTests
{
    // Results are kept, as the device keeps the symbol it shows; a dropped result could be stack-allocated by the JIT.
    private QrSymbol? _sink;

    [Theory]
    [InlineData(QrErrorCorrection.L)]
    [InlineData(QrErrorCorrection.M)]
    [InlineData(QrErrorCorrection.Q)]
    [InlineData(QrErrorCorrection.H)]
    public void WarmEncodeAllocatesOnlyTheSymbol(QrErrorCorrection level)
    {
        var encoder = new QrEncoder();
        byte[] url = System.Text.Encoding.UTF8.GetBytes(Corpus.PaymentUrl);
        QrSymbol warm = encoder.Encode(url, 0, url.Length, level, 1, 40, -1)!;
        encoder.Encode(Corpus.PaymentUrl, level);

        // Output: the module array (header + one bit per module) and the symbol object, with 64-bit object overheads.
        int moduleBytes = ((warm.Size * warm.Size) + 7) / 8;
        long budget = 24 + moduleBytes + 7 + 48;

        const int Runs = 20;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Runs; i++)
        {
            _sink = encoder.Encode(url, 0, url.Length, level, 1, 40, -1);
        }

        long bytesPerEncode = (GC.GetAllocatedBytesForCurrentThread() - before) / Runs;
        Assert.InRange(bytesPerEncode, moduleBytes, budget);

        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Runs; i++)
        {
            _sink = encoder.Encode(Corpus.PaymentUrl, level);
        }

        bytesPerEncode = (GC.GetAllocatedBytesForCurrentThread() - before) / Runs;
        Assert.InRange(bytesPerEncode, moduleBytes, budget);
        Assert.NotNull(_sink);
    }
}
