namespace O2O.Qr
{
    /// <summary>Appends bit fields, most significant bit first, into a caller-owned byte buffer (the data codewords).</summary>
    internal sealed class QrBitWriter
    {
        private byte[] _buffer = new byte[0];

        internal int BitLength { get; private set; }

        /// <summary>Starts a new stream over buffer, zeroing its first byteCount bytes.</summary>
        internal void Reset(byte[] buffer, int byteCount)
        {
            _buffer = buffer;
            BitLength = 0;
            System.Array.Clear(buffer, 0, byteCount);
        }

        /// <summary>Appends the low bitCount bits of value (bitCount 0..16).</summary>
        internal void Append(int value, int bitCount)
        {
            for (int i = bitCount - 1; i >= 0; i--)
            {
                if (((value >> i) & 1) != 0)
                {
                    _buffer[BitLength >> 3] |= (byte)(0x80 >> (BitLength & 7));
                }

                BitLength++;
            }
        }
    }
}
