using O2O.Qr;
using QRCoder.Exceptions;

namespace O2O.Qr.Tests;

/// <summary>
/// Module-for-module equality with QRCoder 1.8.1 at the same version, level and mask. QRCoder cannot be told which mask
/// to use, so each comparison reads the mask QRCoder chose from its format information, encodes with that mask forced
/// (checks everything but the penalty rules), then checks that our own penalty-based choice is the same mask.
/// </summary>
public class QrCoderEqualityTests
{
    private readonly QrEncoder _encoder = new();

    public static IEnumerable<object[]> Cases() => Corpus.CaseIndexes();

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesQrCoder(int index, string label)
    {
        QrCase c = Corpus.Cases[index];
        QRCoder.QRCodeData reference;
        try
        {
            reference = Reference.Encode(c.Text, c.Level);
        }
        catch (DataTooLongException)
        {
            // QRCoder refuses; so must we, with the documented reason and no exception.
            Assert.Null(_encoder.Encode(c.Text, c.Level));
            Assert.Equal(QrEncodeError.DataTooLong, _encoder.LastError);
            return;
        }

        AssertSame(reference, c.Text, c.Level, 1, 40, label);
    }

    /// <summary>Every version 1-40 at every level: alignment positions, version information and capacities of all versions.</summary>
    [Theory]
    [InlineData(QrErrorCorrection.L)]
    [InlineData(QrErrorCorrection.M)]
    [InlineData(QrErrorCorrection.Q)]
    [InlineData(QrErrorCorrection.H)]
    public void EveryForcedVersionMatchesQrCoder(QrErrorCorrection level)
    {
        for (int version = 1; version <= 40; version++)
        {
            AssertSame(Reference.Encode("O2O", level, version), "O2O", level, version, version, $"O2O forced v{version}");
        }

        // The payment URL (byte mode, several blocks) from the smallest version that holds it up to 40.
        int first = _encoder.Encode(Corpus.PaymentUrl, level)!.Version;
        for (int version = first; version <= 40; version++)
        {
            AssertSame(Reference.Encode(Corpus.PaymentUrl, level, version), Corpus.PaymentUrl, level, version, version, $"URL forced v{version}");
        }
    }

    private void AssertSame(QRCoder.QRCodeData reference, string text, QrErrorCorrection level, int minVersion, int maxVersion, string label)
    {
        bool[][] expected = Reference.Modules(reference);
        int referenceMask = Reference.Mask(expected);

        QrSymbol? forced = _encoder.Encode(text, level, minVersion, maxVersion, referenceMask);
        Assert.True(forced != null, $"{label}: refused ({_encoder.LastErrorMessage})");
        Assert.Equal(reference.Version, forced.Version);
        string? difference = Reference.Difference(expected, Reference.Modules(forced));
        Assert.True(difference == null, $"{label} v{forced.Version} mask {referenceMask}: {difference}");

        QrSymbol? chosen = _encoder.Encode(text, level, minVersion, maxVersion, QrEncoder.AutoMask);
        Assert.NotNull(chosen);
        Assert.True(referenceMask == chosen.Mask, $"{label} v{chosen.Version}: penalty chose mask {chosen.Mask}, QRCoder chose {referenceMask}");
        Assert.Equal(level, chosen.Level);
    }
}
