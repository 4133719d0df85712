namespace O2O.Qr
{
    /// <summary>
    /// An encoded QR Code symbol: Size x Size modules, without the quiet zone. A renderer must draw a light margin
    /// of at least 4 modules around it (ISO/IEC 18004:2015 section 9.1) for phones to find the symbol.
    /// </summary>
    public sealed class QrSymbol
    {
        // One bit per module, row-major (index y * Size + x), most significant bit of each byte first.
        // 1 = dark. Version 10 needs 407 bytes, version 40 needs 3917.
        private readonly byte[] _modules;

        internal QrSymbol(int version, QrErrorCorrection level, int mask, byte[] modules)
        {
            Version = version;
            Size = (version * 4) + 17;
            Level = level;
            Mask = mask;
            _modules = modules;
        }

        /// <summary>Symbol version, 1..40 (section 5.3.1).</summary>
        public int Version { get; }

        /// <summary>Modules per side: 4 * Version + 17.</summary>
        public int Size { get; }

        /// <summary>Error correction level the symbol was encoded with.</summary>
        public QrErrorCorrection Level { get; }

        /// <summary>Data mask pattern reference 0..7 (section 7.8.2, Table 10).</summary>
        public int Mask { get; }

        /// <summary>True when the module at column x, row y (0-based, origin top left) is dark. Outside the symbol: false (light, like the quiet zone).</summary>
        public bool IsDark(int x, int y)
        {
            if (x < 0 || y < 0 || x >= Size || y >= Size)
            {
                return false;
            }

            int index = (y * Size) + x;
            return (_modules[index >> 3] & (0x80 >> (index & 7))) != 0;
        }
    }
}
