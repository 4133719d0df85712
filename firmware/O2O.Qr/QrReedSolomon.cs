namespace O2O.Qr
{
    /// <summary>
    /// Reed-Solomon error correction codewords over GF(2^8) (ISO/IEC 18004:2015 section 7.5.2):
    /// field polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D), generator polynomial g(x) = (x - a^0)(x - a^1)...(x - a^(n-1)).
    /// </summary>
    internal sealed class QrReedSolomon
    {
        // Exp is doubled (510 entries) so a product's log sum needs no modulo.
        private static readonly byte[] Exp = new byte[510];
        private static readonly byte[] Log = new byte[256];

        // Generator coefficients for the current degree, highest power first, leading 1 omitted. At most 30 (Table 9).
        private readonly byte[] _generator = new byte[30];
        private readonly byte[] _product = new byte[31];
        private int _degree;

        static QrReedSolomon()
        {
            int x = 1;
            for (int i = 0; i < 255; i++)
            {
                Exp[i] = (byte)x;
                Exp[i + 255] = (byte)x;
                Log[x] = (byte)i;
                x <<= 1;
                if (x >= 256)
                {
                    x ^= 0x11D;
                }
            }
        }

        internal static int Multiply(int a, int b)
        {
            if (a == 0 || b == 0)
            {
                return 0;
            }

            return Exp[Log[a] + Log[b]];
        }

        /// <summary>Computes (once per degree change) the generator polynomial of the given degree, 1..30.</summary>
        internal void SetDegree(int degree)
        {
            if (degree == _degree)
            {
                return;
            }

            // Start from g(x) = 1 and multiply by (x + a^i) for i = 0..degree-1 (in GF(2^8), minus is plus).
            // _product[0..k] holds the polynomial of degree k, highest power first.
            _product[0] = 1;
            for (int k = 0; k < degree; k++)
            {
                int root = Exp[k];
                _product[k + 1] = 0;
                for (int j = k + 1; j >= 1; j--)
                {
                    _product[j] = (byte)(_product[j] ^ Multiply(_product[j - 1], root));
                }
            }

            for (int j = 0; j < degree; j++)
            {
                _generator[j] = _product[j + 1];
            }

            _degree = degree;
        }

        /// <summary>
        /// Writes the remainder of data(x) * x^degree divided by g(x) to ecc[eccOffset..eccOffset+degree):
        /// the error correction codewords of one block (shift-register division).
        /// </summary>
        internal void Remainder(byte[] data, int dataOffset, int dataCount, byte[] ecc, int eccOffset)
        {
            int n = _degree;
            for (int i = 0; i < n; i++)
            {
                ecc[eccOffset + i] = 0;
            }

            for (int i = 0; i < dataCount; i++)
            {
                int factor = data[dataOffset + i] ^ ecc[eccOffset];
                for (int j = 0; j < n - 1; j++)
                {
                    ecc[eccOffset + j] = ecc[eccOffset + j + 1];
                }

                ecc[eccOffset + n - 1] = 0;
                if (factor != 0)
                {
                    int logFactor = Log[factor];
                    for (int j = 0; j < n; j++)
                    {
                        int g = _generator[j];
                        if (g != 0)
                        {
                            ecc[eccOffset + j] ^= Exp[Log[g] + logFactor];
                        }
                    }
                }
            }
        }
    }
}
