namespace O2O.Qr
{
    /// <summary>Mode selection and data encoding of a single segment (ISO/IEC 18004:2015 sections 7.3 and 7.4).</summary>
    internal static class QrModes
    {
        // Mode indicators, Table 2.
        internal const int Numeric = 1;
        internal const int Alphanumeric = 2;
        internal const int Byte = 4;

        /// <summary>
        /// The most compact single mode for the bytes: numeric when all are ASCII digits, alphanumeric when all are in
        /// the 45-character set of Table 5, otherwise byte. (An empty input counts as numeric, like other encoders do.)
        /// </summary>
        internal static int Choose(byte[] data, int offset, int count)
        {
            int mode = Numeric;
            for (int i = offset; i < offset + count; i++)
            {
                int b = data[i];
                if (b >= '0' && b <= '9')
                {
                    continue;
                }

                if (AlphanumericValue(b) < 0)
                {
                    return Byte;
                }

                mode = Alphanumeric;
            }

            return mode;
        }

        /// <summary>Value of a character in the alphanumeric mode (Table 5), or -1 when it is not in the set.</summary>
        internal static int AlphanumericValue(int c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'A' && c <= 'Z')
            {
                return c - 'A' + 10;
            }

            switch (c)
            {
                case ' ': return 36;
                case '$': return 37;
                case '%': return 38;
                case '*': return 39;
                case '+': return 40;
                case '-': return 41;
                case '.': return 42;
                case '/': return 43;
                case ':': return 44;
                default: return -1;
            }
        }

        /// <summary>Length in bits of the segment: mode indicator, character count indicator and data (section 7.4.1).</summary>
        internal static int SegmentBits(int mode, int count, int version)
        {
            int dataBits;
            if (mode == Numeric)
            {
                // Section 7.4.3: 10 bits per 3 digits, 7 for a trailing pair, 4 for a trailing single digit.
                int rest = count % 3;
                dataBits = ((count / 3) * 10) + (rest == 0 ? 0 : (rest == 1 ? 4 : 7));
            }
            else if (mode == Alphanumeric)
            {
                // Section 7.4.4: 11 bits per pair, 6 for a trailing character.
                dataBits = ((count / 2) * 11) + ((count % 2) * 6);
            }
            else
            {
                dataBits = count * 8; // section 7.4.5
            }

            return 4 + QrTables.CharCountBits(mode, version) + dataBits;
        }

        /// <summary>Appends the whole segment to the bit stream.</summary>
        internal static void Write(QrBitWriter writer, int mode, byte[] data, int offset, int count, int version)
        {
            writer.Append(mode, 4);
            writer.Append(count, QrTables.CharCountBits(mode, version));
            int end = offset + count;
            if (mode == Numeric)
            {
                int i = offset;
                for (; i + 3 <= end; i += 3)
                {
                    writer.Append(((data[i] - '0') * 100) + ((data[i + 1] - '0') * 10) + (data[i + 2] - '0'), 10);
                }

                if (end - i == 2)
                {
                    writer.Append(((data[i] - '0') * 10) + (data[i + 1] - '0'), 7);
                }
                else if (end - i == 1)
                {
                    writer.Append(data[i] - '0', 4);
                }
            }
            else if (mode == Alphanumeric)
            {
                int i = offset;
                for (; i + 2 <= end; i += 2)
                {
                    writer.Append((AlphanumericValue(data[i]) * 45) + AlphanumericValue(data[i + 1]), 11);
                }

                if (i < end)
                {
                    writer.Append(AlphanumericValue(data[i]), 6);
                }
            }
            else
            {
                for (int i = offset; i < end; i++)
                {
                    writer.Append(data[i], 8);
                }
            }
        }
    }
}
