using System.Text;

namespace O2O.Qr
{
    /// <summary>
    /// QR Code Model 2 encoder (ISO/IEC 18004:2015), versions 1-40, levels L/M/Q/H, one numeric, alphanumeric or byte
    /// segment chosen automatically. Bad input never throws: Encode returns null and <see cref="LastError"/> says why.
    /// </summary>
    /// <remarks>
    /// Keep one instance and reuse it: its work buffers grow to the largest version encoded and then stay, so a warm
    /// encode allocates only the returned <see cref="QrSymbol"/> and its module bits. Not thread-safe.
    /// </remarks>
    public sealed class QrEncoder
    {
        /// <summary>Pass as forcedMask to let the encoder pick the mask with the lowest penalty (section 7.8.3).</summary>
        public const int AutoMask = -1;

        /// <summary>Smallest version.</summary>
        public const int MinVersion = QrTables.MinVersion;

        /// <summary>Largest version.</summary>
        public const int MaxVersion = QrTables.MaxVersion;

        private readonly QrBitWriter _writer = new QrBitWriter();
        private readonly QrReedSolomon _rs = new QrReedSolomon();
        private readonly QrMatrix _matrix = new QrMatrix();
        private byte[] _text = new byte[0];     // UTF-8 of the string overload's input
        private byte[] _data = new byte[0];     // data codewords, blocks one after another
        private byte[] _ecc = new byte[0];      // error correction codewords, blocks one after another
        private byte[] _final = new byte[0];    // interleaved codeword sequence (section 7.6)

        /// <summary>Why the last Encode returned null, or None after a success.</summary>
        public QrEncodeError LastError { get; private set; }

        /// <summary>A short English description of <see cref="LastError"/>, for logs.</summary>
        public string LastErrorMessage
        {
            get
            {
                switch (LastError)
                {
                    case QrEncodeError.None: return "ok";
                    case QrEncodeError.NullData: return "data is null";
                    case QrEncodeError.BadRange: return "offset/count outside the data array";
                    case QrEncodeError.BadLevel: return "error correction level must be L, M, Q or H";
                    case QrEncodeError.BadVersion: return "versions must satisfy 1 <= minVersion <= maxVersion <= 40";
                    case QrEncodeError.BadMask: return "forcedMask must be -1 (auto) or 0..7";
                    default: return "data too long for maxVersion at this error correction level";
                }
            }
        }

        /// <summary>Encodes text as UTF-8 (or as numeric/alphanumeric when it fits), smallest version 1-40, best mask.</summary>
        public QrSymbol? Encode(string text, QrErrorCorrection level)
        {
            return Encode(text, level, MinVersion, MaxVersion, AutoMask);
        }

        /// <summary>
        /// Encodes text: numeric or alphanumeric mode when every character allows it, otherwise byte mode holding the
        /// UTF-8 bytes (without an ECI header, as phone readers and other encoders expect; readers detect UTF-8).
        /// </summary>
        public QrSymbol? Encode(string text, QrErrorCorrection level, int minVersion, int maxVersion, int forcedMask)
        {
            if (text == null)
            {
                return Fail(QrEncodeError.NullData);
            }

            if (!CheckArguments(level, minVersion, maxVersion, forcedMask))
            {
                return null;
            }

            // Every character becomes at least one byte and the densest mode packs 3 bytes into 10 bits, so longer text
            // cannot fit; refusing here also bounds the UTF-8 buffer below.
            if (text.Length > ((QrTables.DataCodewords(maxVersion, level) * 8 * 3) / 10) + 1)
            {
                return Fail(QrEncodeError.DataTooLong);
            }

            int needed = text.Length * 3; // UTF-8 needs at most 3 bytes per UTF-16 code unit
            if (_text.Length < needed)
            {
                _text = new byte[needed];
            }

            int count = text.Length == 0 ? 0 : Encoding.UTF8.GetBytes(text, 0, text.Length, _text, 0);
            return Encode(_text, 0, count, level, minVersion, maxVersion, forcedMask);
        }

        /// <summary>
        /// Encodes data[offset..offset+count) in the most compact single mode (numeric, alphanumeric or byte) in the
        /// smallest version from minVersion to maxVersion that holds it at the given level.
        /// </summary>
        /// <param name="forcedMask">0..7 to force a mask pattern, or <see cref="AutoMask"/> (-1) to choose by penalty.</param>
        /// <returns>The symbol, or null with <see cref="LastError"/> set when an argument is invalid or the data does not fit.</returns>
        public QrSymbol? Encode(byte[] data, int offset, int count, QrErrorCorrection level, int minVersion, int maxVersion, int forcedMask)
        {
            if (data == null)
            {
                return Fail(QrEncodeError.NullData);
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                return Fail(QrEncodeError.BadRange);
            }

            if (!CheckArguments(level, minVersion, maxVersion, forcedMask))
            {
                return null;
            }

            int mode = QrModes.Choose(data, offset, count);
            int version = 0;
            for (int v = minVersion; v <= maxVersion; v++)
            {
                bool countFits = count < (1 << QrTables.CharCountBits(mode, v));
                if (countFits && QrModes.SegmentBits(mode, count, v) <= QrTables.DataCodewords(v, level) * 8)
                {
                    version = v;
                    break;
                }
            }

            if (version == 0)
            {
                return Fail(QrEncodeError.DataTooLong);
            }

            EnsureBuffers(version);
            int dataCodewords = BuildDataCodewords(data, offset, count, mode, version, level);
            int total = AddErrorCorrection(version, level, dataCodewords);
            _matrix.Begin(version);
            _matrix.PlaceCodewords(_final, total);
            int mask = forcedMask >= 0 ? forcedMask : ChooseMask(level);
            _matrix.ApplyMask(mask);
            _matrix.DrawFormat(level, mask);
            LastError = QrEncodeError.None;
            return new QrSymbol(version, level, mask, PackModules());
        }

        private bool CheckArguments(QrErrorCorrection level, int minVersion, int maxVersion, int forcedMask)
        {
            if ((int)level < 0 || (int)level > 3)
            {
                Fail(QrEncodeError.BadLevel);
                return false;
            }

            if (minVersion < MinVersion || maxVersion > MaxVersion || minVersion > maxVersion)
            {
                Fail(QrEncodeError.BadVersion);
                return false;
            }

            if (forcedMask < AutoMask || forcedMask > 7)
            {
                Fail(QrEncodeError.BadMask);
                return false;
            }

            return true;
        }

        private QrSymbol? Fail(QrEncodeError error)
        {
            LastError = error;
            return null;
        }

        private void EnsureBuffers(int version)
        {
            int total = QrTables.TotalCodewords(version);
            if (_final.Length < total)
            {
                // Sized to the total codeword count, which bounds both the data and the error correction part.
                _data = new byte[total];
                _ecc = new byte[total];
                _final = new byte[total];
            }
        }

        // Section 7.4.9 and 7.4.10: segment, terminator (up to 4 zero bits), zero bits to a byte boundary, then the pad
        // codewords 11101100 and 00010001 alternately until the data capacity is full.
        private int BuildDataCodewords(byte[] data, int offset, int count, int mode, int version, QrErrorCorrection level)
        {
            int capacity = QrTables.DataCodewords(version, level);
            _writer.Reset(_data, capacity);
            QrModes.Write(_writer, mode, data, offset, count, version);
            int spare = (capacity * 8) - _writer.BitLength;
            _writer.Append(0, spare < 4 ? spare : 4);
            _writer.Append(0, (8 - (_writer.BitLength & 7)) & 7);
            for (int i = _writer.BitLength >> 3, pad = 0; i < capacity; i++, pad ^= 1)
            {
                _data[i] = (byte)(pad == 0 ? 0xEC : 0x11);
            }

            return capacity;
        }

        // Section 7.5 and 7.6: split the data into blocks (Table 9; the shorter blocks come first and the longer ones
        // hold one more data codeword), compute each block's error correction codewords, then interleave: data
        // codeword i of every block in turn, then error correction codeword i of every block in turn.
        private int AddErrorCorrection(int version, QrErrorCorrection level, int dataCodewords)
        {
            int total = QrTables.TotalCodewords(version);
            int blocks = QrTables.Blocks(version, level);
            int eccLength = QrTables.EccCodewordsPerBlock(version, level);
            int longBlocks = total % blocks;
            int shortBlocks = blocks - longBlocks;
            int shortData = (total / blocks) - eccLength;
            _rs.SetDegree(eccLength);

            for (int b = 0; b < blocks; b++)
            {
                _rs.Remainder(_data, BlockStart(b, shortBlocks, shortData), BlockLength(b, shortBlocks, shortData), _ecc, b * eccLength);
            }

            int k = 0;
            for (int i = 0; i <= shortData; i++)
            {
                for (int b = 0; b < blocks; b++)
                {
                    if (i < BlockLength(b, shortBlocks, shortData))
                    {
                        _final[k++] = _data[BlockStart(b, shortBlocks, shortData) + i];
                    }
                }
            }

            for (int i = 0; i < eccLength; i++)
            {
                for (int b = 0; b < blocks; b++)
                {
                    _final[k++] = _ecc[(b * eccLength) + i];
                }
            }

            return k;
        }

        private static int BlockStart(int block, int shortBlocks, int shortData)
        {
            return (block * shortData) + (block > shortBlocks ? block - shortBlocks : 0);
        }

        private static int BlockLength(int block, int shortBlocks, int shortData)
        {
            return block < shortBlocks ? shortData : shortData + 1;
        }

        // Section 7.8.3: try every mask with its own format information in place, keep the first lowest penalty.
        private int ChooseMask(QrErrorCorrection level)
        {
            int best = 0;
            int bestScore = int.MaxValue;
            for (int mask = 0; mask < 8; mask++)
            {
                _matrix.ApplyMask(mask);
                _matrix.DrawFormat(level, mask);
                int score = QrPenalty.Score(_matrix.Grid, _matrix.Size);
                _matrix.ApplyMask(mask); // undo
                if (score < bestScore)
                {
                    best = mask;
                    bestScore = score;
                }
            }

            return best;
        }

        private byte[] PackModules()
        {
            int modules = _matrix.Size * _matrix.Size;
            byte[] grid = _matrix.Grid;
            byte[] bits = new byte[(modules + 7) >> 3];
            for (int i = 0; i < modules; i++)
            {
                if ((grid[i] & QrMatrix.Dark) != 0)
                {
                    bits[i >> 3] |= (byte)(0x80 >> (i & 7));
                }
            }

            return bits;
        }
    }
}
