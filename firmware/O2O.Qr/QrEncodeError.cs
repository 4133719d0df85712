namespace O2O.Qr
{
    /// <summary>Why <see cref="QrEncoder.Encode(byte[], int, int, QrErrorCorrection, int, int, int)"/> returned null.</summary>
    /// <remarks>The encoder never throws for bad input: the device must keep running, so a refusal is a null result plus this code.</remarks>
    public enum QrEncodeError
    {
        /// <summary>The last call succeeded.</summary>
        None = 0,

        /// <summary>The data array or string was null.</summary>
        NullData = 1,

        /// <summary>offset/count do not describe a range inside the data array.</summary>
        BadRange = 2,

        /// <summary>The error correction level is not L, M, Q or H.</summary>
        BadLevel = 3,

        /// <summary>minVersion/maxVersion are outside 1..40 or minVersion &gt; maxVersion.</summary>
        BadVersion = 4,

        /// <summary>forcedMask is neither -1 (choose) nor 0..7.</summary>
        BadMask = 5,

        /// <summary>The data does not fit in maxVersion at the requested level.</summary>
        DataTooLong = 6,
    }
}
