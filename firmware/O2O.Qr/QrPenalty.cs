namespace O2O.Qr
{
    /// <summary>
    /// Mask evaluation (ISO/IEC 18004:2015 section 7.8.3, Table 11), over the whole symbol with format and version
    /// information in place, and without the quiet zone.
    /// </summary>
    internal static class QrPenalty
    {
        private const int N1 = 3;
        private const int N2 = 3;
        private const int N3 = 40;
        private const int N4 = 10;

        // Rule 3 windows of 11 modules, oldest module in the highest bit: 1:1:3:1:1 finder-like run then 4 light
        // modules, and the mirror image. Only windows inside the symbol count (the quiet zone is not treated as light
        // modules), and a pattern with light on both sides counts twice; this is the reading QRCoder uses, so both
        // encoders pick the same mask.
        private const int FinderThenLight = 0x5D0; // 1011101 0000
        private const int LightThenFinder = 0x05D; // 0000 1011101

        internal static int Score(byte[] grid, int size)
        {
            int score = 0;
            int dark = 0;
            for (int a = 0; a < size; a++)
            {
                // a is the row for the horizontal pass and the column for the vertical pass.
                int rowRun = 0;
                int colRun = 0;
                int rowColor = -1;
                int colColor = -1;
                int rowWindow = 0;
                int colWindow = 0;
                for (int b = 0; b < size; b++)
                {
                    int r = grid[(a * size) + b] & QrMatrix.Dark;
                    int c = grid[(b * size) + a] & QrMatrix.Dark;
                    dark += r;

                    // Rule 1: N1 + (run - 5) for each run of 5 or more same-colour modules in a row or column.
                    rowRun = r == rowColor ? rowRun + 1 : 1;
                    rowColor = r;
                    score += rowRun == 5 ? N1 : (rowRun > 5 ? 1 : 0);
                    colRun = c == colColor ? colRun + 1 : 1;
                    colColor = c;
                    score += colRun == 5 ? N1 : (colRun > 5 ? 1 : 0);

                    // Rule 3.
                    rowWindow = ((rowWindow << 1) | r) & 0x7FF;
                    colWindow = ((colWindow << 1) | c) & 0x7FF;
                    if (b >= 10)
                    {
                        if (rowWindow == FinderThenLight || rowWindow == LightThenFinder)
                        {
                            score += N3;
                        }

                        if (colWindow == FinderThenLight || colWindow == LightThenFinder)
                        {
                            score += N3;
                        }
                    }
                }
            }

            // Rule 2: N2 for every 2 x 2 block of one colour (overlapping blocks all count).
            for (int y = 0; y < size - 1; y++)
            {
                int top = y * size;
                int bottom = top + size;
                for (int x = 0; x < size - 1; x++)
                {
                    int v = grid[top + x] & QrMatrix.Dark;
                    if ((grid[top + x + 1] & QrMatrix.Dark) == v
                        && (grid[bottom + x] & QrMatrix.Dark) == v
                        && (grid[bottom + x + 1] & QrMatrix.Dark) == v)
                    {
                        score += N2;
                    }
                }
            }

            // Rule 4: N4 per full 5 % step the dark share is away from 50 %. size^2 is odd, so the share never lands
            // exactly on a step boundary and the floor below is unambiguous.
            int total = size * size;
            int deviation = (dark * 20) - (total * 10);
            if (deviation < 0)
            {
                deviation = -deviation;
            }

            score += (deviation / total) * N4;
            return score;
        }
    }
}
