namespace O2O.Qr
{
    /// <summary>
    /// The module grid being built (ISO/IEC 18004:2015 sections 6.3 and 7.7 to 7.10): function patterns, codeword
    /// placement, masking and format/version information. One byte per module, reused across encodes.
    /// </summary>
    internal sealed class QrMatrix
    {
        internal const byte Dark = 1;
        internal const byte Function = 2; // finder, separator, timing, alignment, format, version: never masked

        private readonly int[] _alignment = new int[7]; // at most 7 centres per axis (version 35..40)
        private byte[] _grid = new byte[0];

        internal int Size { get; private set; }

        internal byte[] Grid
        {
            get { return _grid; }
        }

        /// <summary>Clears the grid for a version and draws every function pattern, including the version information.</summary>
        internal void Begin(int version)
        {
            int size = QrTables.Size(version);
            Size = size;
            if (_grid.Length < size * size)
            {
                _grid = new byte[size * size]; // grows to the largest version used, then stays
            }

            System.Array.Clear(_grid, 0, size * size);

            // Finder patterns with their separators (sections 6.3.3 and 6.3.4) in three corners.
            DrawFinder(3, 3);
            DrawFinder(size - 4, 3);
            DrawFinder(3, size - 4);

            // Timing patterns (section 6.3.5): row and column 6, dark on even coordinates.
            for (int i = 8; i < size - 8; i++)
            {
                Set(i, 6, (i & 1) == 0, Function);
                Set(6, i, (i & 1) == 0, Function);
            }

            // Alignment patterns (section 6.3.6) on every pair of centres except the three finder corners.
            int n = QrTables.AlignmentPositions(version, _alignment);
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    bool onFinder = (i == 0 && j == 0) || (i == 0 && j == n - 1) || (i == n - 1 && j == 0);
                    if (!onFinder)
                    {
                        DrawAlignment(_alignment[i], _alignment[j]);
                    }
                }
            }

            // Reserve the format information areas (section 7.9.1); the bits are drawn per mask later.
            // Format bits all 0 also draws the dark module at (8, size - 8) (section 7.9.1, Figure 25).
            DrawFormatBits(0);

            if (version >= 7)
            {
                DrawVersion(version);
            }
        }

        /// <summary>
        /// Places the final codeword sequence, most significant bit first, in the two-module-wide columns that zigzag up
        /// and down from the bottom right corner, skipping function modules and the vertical timing column (section 7.7.3).
        /// Modules after the last codeword (the remainder bits) stay light.
        /// </summary>
        internal void PlaceCodewords(byte[] codewords, int count)
        {
            int size = Size;
            int totalBits = count * 8;
            int bit = 0;
            bool upward = true;
            for (int right = size - 1; right >= 1; right -= 2)
            {
                if (right == 6)
                {
                    right = 5;
                }

                for (int step = 0; step < size; step++)
                {
                    int y = upward ? size - 1 - step : step;
                    for (int dx = 0; dx < 2; dx++)
                    {
                        int index = (y * size) + right - dx;
                        if ((_grid[index] & Function) != 0)
                        {
                            continue;
                        }

                        if (bit < totalBits && (codewords[bit >> 3] & (0x80 >> (bit & 7))) != 0)
                        {
                            _grid[index] = Dark;
                        }

                        bit++;
                    }
                }

                upward = !upward;
            }
        }

        /// <summary>XORs a data mask (Table 10) onto every non-function module; applying it twice undoes it.</summary>
        internal void ApplyMask(int mask)
        {
            int size = Size;
            for (int y = 0; y < size; y++)
            {
                int row = y * size;
                for (int x = 0; x < size; x++)
                {
                    if ((_grid[row + x] & Function) == 0 && MaskBit(mask, x, y))
                    {
                        _grid[row + x] ^= Dark;
                    }
                }
            }
        }

        // Table 10, with i = row (y) and j = column (x).
        private static bool MaskBit(int mask, int x, int y)
        {
            switch (mask)
            {
                case 0: return ((y + x) & 1) == 0;
                case 1: return (y & 1) == 0;
                case 2: return x % 3 == 0;
                case 3: return (y + x) % 3 == 0;
                case 4: return (((y / 2) + (x / 3)) & 1) == 0;
                case 5: return ((y * x) & 1) + ((y * x) % 3) == 0;
                case 6: return ((((y * x) & 1) + ((y * x) % 3)) & 1) == 0;
                default: return ((((y + x) & 1) + ((y * x) % 3)) & 1) == 0;
            }
        }

        /// <summary>Draws both copies of the 15-bit format information for a level and mask (section 7.9).</summary>
        internal void DrawFormat(QrErrorCorrection level, int mask)
        {
            DrawFormatBits(FormatBits(level, mask));
        }

        /// <summary>
        /// Format information (section 7.9.1): 2 bits error correction level (Table 12: L=01, M=00, Q=11, H=10) and 3 bits
        /// mask, then 10 bits of the BCH(15,5) code with generator 0x537, the whole XORed with 0x5412 so it is never all zero.
        /// </summary>
        internal static int FormatBits(QrErrorCorrection level, int mask)
        {
            int levelBits;
            switch (level)
            {
                case QrErrorCorrection.L: levelBits = 1; break;
                case QrErrorCorrection.M: levelBits = 0; break;
                case QrErrorCorrection.Q: levelBits = 3; break;
                default: levelBits = 2; break;
            }

            int data = (levelBits << 3) | mask;
            return ((data << 10) | BchRemainder(data << 10, 0x537, 10)) ^ 0x5412;
        }

        /// <summary>Version information (section 7.10): 6 bits version then 12 bits of the BCH(18,6) code with generator 0x1F25.</summary>
        internal static int VersionBits(int version)
        {
            return (version << 12) | BchRemainder(version << 12, 0x1F25, 12);
        }

        // Remainder of value (already shifted left by degree) divided by the generator polynomial, in GF(2).
        private static int BchRemainder(int value, int generator, int degree)
        {
            for (int bit = 17; bit >= degree; bit--)
            {
                if (((value >> bit) & 1) != 0)
                {
                    value ^= generator << (bit - degree);
                }
            }

            return value;
        }

        // Figure 25: bit 0 is the least significant. Copy 1 runs down column 8 (rows 0-5, 7, 8) then left along row 8
        // (columns 7, 5..0), skipping the timing pattern. Copy 2 runs along row 8 from the right edge (bits 0-7) and up
        // column 8 from row size-7 (bits 8-14); the module above copy 2, (8, size-8), is always dark.
        private void DrawFormatBits(int bits)
        {
            int size = Size;
            for (int i = 0; i < 15; i++)
            {
                bool dark = ((bits >> i) & 1) != 0;
                if (i < 6)
                {
                    Set(8, i, dark, Function);
                }
                else if (i < 8)
                {
                    Set(8, i + 1, dark, Function);
                }
                else if (i == 8)
                {
                    Set(7, 8, dark, Function);
                }
                else
                {
                    Set(14 - i, 8, dark, Function);
                }

                if (i < 8)
                {
                    Set(size - 1 - i, 8, dark, Function);
                }
                else
                {
                    Set(8, size - 15 + i, dark, Function);
                }
            }

            Set(8, size - 8, true, Function);
        }

        // Section 7.10, Figure 27: a 6 x 3 block above the bottom-left finder and its transpose left of the top-right
        // finder; bit i sits at (i / 3, size - 11 + i % 3) and at the mirrored position.
        private void DrawVersion(int version)
        {
            int bits = VersionBits(version);
            int size = Size;
            for (int i = 0; i < 18; i++)
            {
                bool dark = ((bits >> i) & 1) != 0;
                int a = i / 3;
                int b = size - 11 + (i % 3);
                Set(a, b, dark, Function);
                Set(b, a, dark, Function);
            }
        }

        // 7 x 7 finder centred on (cx, cy) plus the one-module light separator around it, clipped to the symbol.
        private void DrawFinder(int cx, int cy)
        {
            for (int dy = -4; dy <= 4; dy++)
            {
                for (int dx = -4; dx <= 4; dx++)
                {
                    int x = cx + dx;
                    int y = cy + dy;
                    if (x < 0 || y < 0 || x >= Size || y >= Size)
                    {
                        continue;
                    }

                    int ring = Chebyshev(dx, dy);
                    Set(x, y, ring != 2 && ring != 4, Function);
                }
            }
        }

        // 5 x 5 alignment pattern: dark centre, light ring, dark outer ring.
        private void DrawAlignment(int cx, int cy)
        {
            for (int dy = -2; dy <= 2; dy++)
            {
                for (int dx = -2; dx <= 2; dx++)
                {
                    Set(cx + dx, cy + dy, Chebyshev(dx, dy) != 1, Function);
                }
            }
        }

        private static int Chebyshev(int dx, int dy)
        {
            int ax = dx < 0 ? -dx : dx;
            int ay = dy < 0 ? -dy : dy;
            return ax > ay ? ax : ay;
        }

        private void Set(int x, int y, bool dark, byte flags)
        {
            _grid[(y * Size) + x] = (byte)(flags | (dark ? Dark : 0));
        }
    }
}
