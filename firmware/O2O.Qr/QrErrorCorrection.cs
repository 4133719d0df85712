namespace O2O.Qr
{
    /// <summary>Error correction level (ISO/IEC 18004:2015 section 5.3.8): the share of codewords that can be restored.</summary>
    /// <remarks>The numeric values are an index into the tables (L, M, Q, H), not the 2-bit format code of Table 12.</remarks>
    public enum QrErrorCorrection
    {
        /// <summary>About 7 % of codewords recoverable.</summary>
        L = 0,

        /// <summary>About 15 % of codewords recoverable.</summary>
        M = 1,

        /// <summary>About 25 % of codewords recoverable.</summary>
        Q = 2,

        /// <summary>About 30 % of codewords recoverable.</summary>
        H = 3,
    }
}
