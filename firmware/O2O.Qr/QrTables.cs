namespace O2O.Qr
{
    /// <summary>Per-version constants of ISO/IEC 18004:2015, as tables or as the arithmetic that generates them.</summary>
    internal static class QrTables
    {
        internal const int MinVersion = 1;
        internal const int MaxVersion = 40;

        // Table 9: error correction codewords per block, indexed [level * 40 + version - 1], levels in L, M, Q, H order.
        private static readonly byte[] EccPerBlock =
        {
            // L
            7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
            28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
            // M
            10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
            26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
            // Q
            13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
            28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
            // H
            17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
            30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        };

        // Table 9: number of error correction blocks (both groups together), same indexing.
        private static readonly byte[] BlockCount =
        {
            // L
            1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
            8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25,
            // M
            1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
            17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
            // Q
            1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
            23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68,
            // H
            1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
            25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
        };

        internal static int Size(int version)
        {
            return (version * 4) + 17; // section 5.3.1
        }

        internal static int EccCodewordsPerBlock(int version, QrErrorCorrection level)
        {
            return EccPerBlock[((int)level * MaxVersion) + version - 1];
        }

        internal static int Blocks(int version, QrErrorCorrection level)
        {
            return BlockCount[((int)level * MaxVersion) + version - 1];
        }

        /// <summary>
        /// Modules left for codewords once the function patterns are placed (Table 1, "data modules except (C)").
        /// Derived rather than tabulated: size^2 minus finders with separators (3 x 64), format information and the
        /// dark module (31), timing patterns (2 x (size - 16)), alignment patterns and, from version 7, version information.
        /// </summary>
        internal static int RawDataModules(int version)
        {
            int size = Size(version);
            int modules = (size * size) - 192 - 31 - (2 * (size - 16));
            if (version >= 2)
            {
                // n x n alignment centres minus the 3 that would sit on finders; the 2(n-2) on row or column 6
                // share 5 modules each with a timing pattern (Annex E).
                int n = (version / 7) + 2;
                modules -= (25 * ((n * n) - 3)) - (10 * (n - 2));
            }

            if (version >= 7)
            {
                modules -= 36; // two 6 x 3 version information blocks (section 7.10)
            }

            return modules;
        }

        internal static int TotalCodewords(int version)
        {
            return RawDataModules(version) >> 3;
        }

        /// <summary>Remainder bits after the last codeword (Table 1, column "Remainder bits"): 0, 3, 4 or 7.</summary>
        internal static int RemainderBits(int version)
        {
            return RawDataModules(version) & 7;
        }

        internal static int DataCodewords(int version, QrErrorCorrection level)
        {
            return TotalCodewords(version) - (EccCodewordsPerBlock(version, level) * Blocks(version, level));
        }

        /// <summary>
        /// Writes the row/column coordinates of alignment pattern centres (Annex E, Table E.1) into positions; returns how many.
        /// The first is always 6 and the last size - 7; the others are evenly spaced back from the last with an even step,
        /// the smallest even step that reaches 6 in n - 1 gaps. Version 32 is the one entry of Table E.1 that uses a
        /// smaller step (26 instead of 28), so it is special-cased.
        /// </summary>
        internal static int AlignmentPositions(int version, int[] positions)
        {
            if (version < 2)
            {
                return 0;
            }

            int n = (version / 7) + 2;
            int last = Size(version) - 7;
            int step;
            if (version == 32)
            {
                step = 26;
            }
            else
            {
                int span = last - 6;
                step = (span + (n - 1) - 1) / (n - 1); // ceiling
                step += step & 1;                      // round up to even
            }

            positions[0] = 6;
            for (int i = n - 1; i >= 1; i--)
            {
                positions[i] = last - ((n - 1 - i) * step);
            }

            return n;
        }

        /// <summary>Bits of the character count indicator (Table 3) for a mode (1 numeric, 2 alphanumeric, 4 byte).</summary>
        internal static int CharCountBits(int mode, int version)
        {
            int group = version <= 9 ? 0 : (version <= 26 ? 1 : 2);
            if (mode == QrModes.Numeric)
            {
                return group == 0 ? 10 : (group == 1 ? 12 : 14);
            }

            if (mode == QrModes.Alphanumeric)
            {
                return group == 0 ? 9 : (group == 1 ? 11 : 13);
            }

            return group == 0 ? 8 : 16;
        }
    }
}
