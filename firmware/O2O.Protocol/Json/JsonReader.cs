using System;

namespace O2O.Protocol.Json
{
    /// <summary>
    /// A pull reader over UTF-8 JSON in a byte array. It never throws on bad input: the first problem
    /// is recorded in <see cref="Status"/> and <see cref="Detail"/>, and every later call returns false,
    /// so a decoder can read field after field and check once at the end. Property names are compared
    /// in place; only string values that the caller asks for are allocated.
    /// </summary>
    public sealed class JsonReader
    {
        public const int MaxDepth = 16;
        public const int MaxStringChars = 2048;

        private byte[] _data = new byte[0];
        private int _position;
        private int _end;
        private int _depth;
        private int _nameStart;
        private int _nameEnd;
        private bool _nameHasEscapes;
        // Per nesting level: whether the next member or element needs a comma before it.
        private readonly bool[] _expectComma = new bool[MaxDepth + 1];
        private char[] _scratch = new char[64];

        public DecodeStatus Status { get; private set; }

        public string Detail { get; private set; } = "";

        public bool Failed { get { return Status != DecodeStatus.Ok; } }

        public void Reset(byte[] data, int offset, int count)
        {
            _data = data;
            _position = offset;
            _end = offset + count;
            _depth = 0;
            Status = DecodeStatus.Ok;
            Detail = "";
        }

        /// <summary>Records a problem found by the caller (a decoder), unless an earlier one is already recorded.</summary>
        public bool Fail(DecodeStatus status, string detail)
        {
            if (Status == DecodeStatus.Ok)
            {
                Status = status;
                Detail = detail;
            }

            return false;
        }

        public bool BeginObject()
        {
            return Open((byte)'{', "an object");
        }

        public bool BeginArray()
        {
            return Open((byte)'[', "an array");
        }

        /// <summary>Moves to the next property of the current object and reads its name. False at the closing brace.</summary>
        public bool NextProperty()
        {
            if (!NextMember((byte)'}'))
            {
                return false;
            }

            if (!SkipWhitespace() || _data[_position] != (byte)'"')
            {
                return FailAt("expected a property name");
            }

            _nameStart = _position + 1;
            if (!ScanString(out _nameHasEscapes))
            {
                return false;
            }

            _nameEnd = _position - 1;
            if (!SkipWhitespace() || _data[_position] != (byte)':')
            {
                return FailAt("expected ':' after a property name");
            }

            _position++;
            return true;
        }

        /// <summary>Moves to the next element of the current array. False at the closing bracket.</summary>
        public bool NextElement()
        {
            return NextMember((byte)']');
        }

        /// <summary>Compares the current property name with an ASCII name without allocating.</summary>
        public bool NameIs(string name)
        {
            if (_nameHasEscapes)
            {
                return DecodeString(_nameStart, _nameEnd) && EqualsScratch(name, _scratchLength);
            }

            if (_nameEnd - _nameStart != name.Length)
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                if (_data[_nameStart + i] != (byte)name[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The current property name as a string (allocates; for map-like objects whose keys are data).</summary>
        public string? PropertyName()
        {
            if (!DecodeString(_nameStart, _nameEnd))
            {
                return null;
            }

            return new string(_scratch, 0, _scratchLength);
        }

        /// <summary>Reads a string value; JSON null reads as a null string.</summary>
        public bool ReadString(string field, out string? value)
        {
            value = null;
            if (!SkipWhitespace())
            {
                return Fail(DecodeStatus.Truncated, field + ": value missing");
            }

            if (IsLiteral("null"))
            {
                _position += 4;
                return true;
            }

            if (_data[_position] != (byte)'"')
            {
                return Fail(DecodeStatus.WrongType, field + ": expected a string");
            }

            int start = _position + 1;
            bool escaped;
            if (!ScanString(out escaped))
            {
                return false;
            }

            if (!DecodeString(start, _position - 1))
            {
                return false;
            }

            value = new string(_scratch, 0, _scratchLength);
            return true;
        }

        /// <summary>Reads an integer. Fractions and exponents are refused: every number in our protocol is whole.</summary>
        public bool ReadInt64(string field, out long value)
        {
            value = 0;
            if (!SkipWhitespace())
            {
                return Fail(DecodeStatus.Truncated, field + ": value missing");
            }

            bool negative = _data[_position] == (byte)'-';
            int cursor = negative ? _position + 1 : _position;
            if (cursor >= _end)
            {
                return Fail(DecodeStatus.Truncated, field + ": number cut short");
            }

            if (!IsDigit(_data[cursor]))
            {
                return Fail(DecodeStatus.WrongType, field + ": expected a number");
            }

            if (_data[cursor] == (byte)'0' && cursor + 1 < _end && IsDigit(_data[cursor + 1]))
            {
                return Fail(DecodeStatus.Malformed, field + ": leading zero");
            }

            ulong magnitude = 0;
            // long.MinValue is one larger in magnitude than long.MaxValue.
            ulong limit = negative ? 9223372036854775808UL : 9223372036854775807UL;
            while (cursor < _end && IsDigit(_data[cursor]))
            {
                ulong digit = (ulong)(_data[cursor] - (byte)'0');
                if (magnitude > (limit - digit) / 10)
                {
                    return Fail(DecodeStatus.InvalidValue, field + ": number out of range");
                }

                magnitude = magnitude * 10 + digit;
                cursor++;
            }

            if (cursor < _end && (_data[cursor] == (byte)'.' || _data[cursor] == (byte)'e' || _data[cursor] == (byte)'E'))
            {
                return Fail(DecodeStatus.WrongType, field + ": expected a whole number");
            }

            _position = cursor;
            value = negative ? (magnitude == 9223372036854775808UL ? long.MinValue : -(long)magnitude) : (long)magnitude;
            return true;
        }

        /// <summary>Reads an integer and checks it lies in [min, max].</summary>
        public bool ReadInt32(string field, int min, int max, out int value)
        {
            value = 0;
            long wide;
            if (!ReadInt64(field, out wide))
            {
                return false;
            }

            if (wide < min || wide > max)
            {
                return Fail(DecodeStatus.InvalidValue, field + ": out of range");
            }

            value = (int)wide;
            return true;
        }

        public bool ReadBool(string field, out bool value)
        {
            value = false;
            if (!SkipWhitespace())
            {
                return Fail(DecodeStatus.Truncated, field + ": value missing");
            }

            if (IsLiteral("true"))
            {
                _position += 4;
                value = true;
                return true;
            }

            if (IsLiteral("false"))
            {
                _position += 5;
                return true;
            }

            return Fail(DecodeStatus.WrongType, field + ": expected true or false");
        }

        /// <summary>Skips one value of any type, nested containers included (unknown fields are ignored, for forward compatibility).</summary>
        public bool Skip()
        {
            if (!SkipWhitespace())
            {
                return Fail(DecodeStatus.Truncated, "value missing");
            }

            byte b = _data[_position];
            if (b == (byte)'"')
            {
                bool escaped;
                return ScanString(out escaped);
            }

            if (b == (byte)'{')
            {
                if (!BeginObject())
                {
                    return false;
                }

                while (NextProperty())
                {
                    if (!Skip())
                    {
                        return false;
                    }
                }

                return !Failed;
            }

            if (b == (byte)'[')
            {
                if (!BeginArray())
                {
                    return false;
                }

                while (NextElement())
                {
                    if (!Skip())
                    {
                        return false;
                    }
                }

                return !Failed;
            }

            if (IsLiteral("true") || IsLiteral("null"))
            {
                _position += 4;
                return true;
            }

            if (IsLiteral("false"))
            {
                _position += 5;
                return true;
            }

            return SkipNumber();
        }

        /// <summary>Checks that nothing but whitespace follows the top-level value.</summary>
        public bool End()
        {
            if (Failed)
            {
                return false;
            }

            if (SkipWhitespace())
            {
                return FailAt("unexpected data after the message");
            }

            return true;
        }

        private int _scratchLength;

        private bool Open(byte open, string what)
        {
            if (!SkipWhitespace())
            {
                return Fail(DecodeStatus.Truncated, "expected " + what);
            }

            if (_data[_position] != open)
            {
                return Fail(_depth == 0 ? DecodeStatus.Malformed : DecodeStatus.WrongType, "expected " + what);
            }

            if (_depth == MaxDepth)
            {
                return Fail(DecodeStatus.Oversized, "nested too deeply");
            }

            _position++;
            _depth++;
            _expectComma[_depth] = false;
            return true;
        }

        private bool NextMember(byte close)
        {
            if (Failed)
            {
                return false;
            }

            if (!SkipWhitespace())
            {
                return Fail(DecodeStatus.Truncated, "container not closed");
            }

            if (_data[_position] == close)
            {
                _position++;
                _depth--;
                return false;
            }

            if (_expectComma[_depth])
            {
                if (_data[_position] != (byte)',')
                {
                    return FailAt("expected ',' between members");
                }

                _position++;
            }

            _expectComma[_depth] = true;
            return true;
        }

        // Moves past a string whose opening quote is at _position; leaves _position after the closing quote.
        private bool ScanString(out bool hasEscapes)
        {
            hasEscapes = false;
            int cursor = _position + 1;
            while (cursor < _end)
            {
                byte b = _data[cursor];
                if (b == (byte)'"')
                {
                    _position = cursor + 1;
                    return true;
                }

                if (b == (byte)'\\')
                {
                    hasEscapes = true;
                    cursor += 2;
                    continue;
                }

                if (b < 0x20)
                {
                    _position = cursor;
                    return FailAt("control character inside a string");
                }

                cursor++;
            }

            return Fail(DecodeStatus.Truncated, "string not closed");
        }

        // Decodes the string body [start, end) into _scratch, resolving escapes and UTF-8.
        private bool DecodeString(int start, int end)
        {
            _scratchLength = 0;
            int cursor = start;
            while (cursor < end)
            {
                byte b = _data[cursor];
                int codePoint;
                if (b == (byte)'\\')
                {
                    if (!DecodeEscape(ref cursor, end, out codePoint))
                    {
                        return false;
                    }
                }
                else if (!DecodeUtf8(ref cursor, end, out codePoint))
                {
                    return Fail(DecodeStatus.Malformed, "invalid UTF-8 in a string");
                }

                if (!AppendCodePoint(codePoint))
                {
                    return false;
                }
            }

            return true;
        }

        private bool DecodeEscape(ref int cursor, int end, out int codePoint)
        {
            codePoint = 0;
            byte kind = _data[cursor + 1];
            cursor += 2;
            switch (kind)
            {
                case (byte)'"': codePoint = '"'; return true;
                case (byte)'\\': codePoint = '\\'; return true;
                case (byte)'/': codePoint = '/'; return true;
                case (byte)'b': codePoint = '\b'; return true;
                case (byte)'f': codePoint = '\f'; return true;
                case (byte)'n': codePoint = '\n'; return true;
                case (byte)'r': codePoint = '\r'; return true;
                case (byte)'t': codePoint = '\t'; return true;
                case (byte)'u':
                    // Surrogate pairs arrive as two \u escapes; each half is stored as its own char.
                    if (cursor + 4 > end || !ParseHex4(cursor, out codePoint))
                    {
                        return Fail(DecodeStatus.Malformed, "bad \\u escape");
                    }

                    cursor += 4;
                    return true;
                default:
                    return Fail(DecodeStatus.Malformed, "unknown escape in a string");
            }
        }

        private bool ParseHex4(int at, out int value)
        {
            value = 0;
            for (int i = 0; i < 4; i++)
            {
                int b = _data[at + i];
                int nibble;
                if (b >= '0' && b <= '9')
                {
                    nibble = b - '0';
                }
                else if (b >= 'a' && b <= 'f')
                {
                    nibble = b - 'a' + 10;
                }
                else if (b >= 'A' && b <= 'F')
                {
                    nibble = b - 'A' + 10;
                }
                else
                {
                    return false;
                }

                value = (value << 4) | nibble;
            }

            return true;
        }

        private bool DecodeUtf8(ref int cursor, int end, out int codePoint)
        {
            int b = _data[cursor];
            int extra;
            int min;
            if (b < 0x80)
            {
                codePoint = b;
                cursor++;
                return true;
            }

            if ((b & 0xE0) == 0xC0)
            {
                codePoint = b & 0x1F;
                extra = 1;
                min = 0x80;
            }
            else if ((b & 0xF0) == 0xE0)
            {
                codePoint = b & 0x0F;
                extra = 2;
                min = 0x800;
            }
            else if ((b & 0xF8) == 0xF0)
            {
                codePoint = b & 0x07;
                extra = 3;
                min = 0x10000;
            }
            else
            {
                codePoint = 0;
                return false;
            }

            if (cursor + extra >= end)
            {
                return false;
            }

            for (int i = 1; i <= extra; i++)
            {
                int next = _data[cursor + i];
                if ((next & 0xC0) != 0x80)
                {
                    return false;
                }

                codePoint = (codePoint << 6) | (next & 0x3F);
            }

            cursor += extra + 1;
            // Overlong forms, surrogates and values past U+10FFFF are not valid UTF-8.
            return codePoint >= min && codePoint <= 0x10FFFF && (codePoint < 0xD800 || codePoint > 0xDFFF);
        }

        private bool AppendCodePoint(int codePoint)
        {
            int needed = codePoint >= 0x10000 ? 2 : 1;
            if (_scratchLength + needed > MaxStringChars)
            {
                return Fail(DecodeStatus.Oversized, "string longer than " + MaxStringChars.ToString() + " characters");
            }

            if (_scratchLength + needed > _scratch.Length)
            {
                var grown = new char[_scratch.Length * 2 > MaxStringChars ? MaxStringChars : _scratch.Length * 2];
                Array.Copy(_scratch, grown, _scratchLength);
                _scratch = grown;
            }

            if (needed == 2)
            {
                int offset = codePoint - 0x10000;
                _scratch[_scratchLength++] = (char)(0xD800 + (offset >> 10));
                _scratch[_scratchLength++] = (char)(0xDC00 + (offset & 0x3FF));
            }
            else
            {
                _scratch[_scratchLength++] = (char)codePoint;
            }

            return true;
        }

        private bool EqualsScratch(string name, int length)
        {
            if (length != name.Length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (_scratch[i] != name[i])
                {
                    return false;
                }
            }

            return true;
        }

        private bool SkipNumber()
        {
            int cursor = _position;
            if (cursor < _end && _data[cursor] == (byte)'-')
            {
                cursor++;
            }

            int digitsStart = cursor;
            while (cursor < _end && IsNumberChar(_data[cursor]))
            {
                cursor++;
            }

            if (cursor == digitsStart || !IsDigit(_data[digitsStart]))
            {
                return cursor >= _end ? Fail(DecodeStatus.Truncated, "value cut short") : FailAt("unexpected character");
            }

            _position = cursor;
            return true;
        }

        private bool IsLiteral(string literal)
        {
            if (_position + literal.Length > _end)
            {
                return false;
            }

            for (int i = 0; i < literal.Length; i++)
            {
                if (_data[_position + i] != (byte)literal[i])
                {
                    return false;
                }
            }

            return true;
        }

        // Moves past whitespace; false when the input ends.
        private bool SkipWhitespace()
        {
            while (_position < _end)
            {
                byte b = _data[_position];
                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\n' && b != (byte)'\r')
                {
                    return true;
                }

                _position++;
            }

            return false;
        }

        private bool FailAt(string what)
        {
            if (_position >= _end)
            {
                return Fail(DecodeStatus.Truncated, what + " (input ended)");
            }

            return Fail(DecodeStatus.Malformed, what + " at byte " + _position.ToString());
        }

        private static bool IsDigit(byte b)
        {
            return b >= (byte)'0' && b <= (byte)'9';
        }

        private static bool IsNumberChar(byte b)
        {
            return IsDigit(b) || b == (byte)'.' || b == (byte)'e' || b == (byte)'E' || b == (byte)'+' || b == (byte)'-';
        }
    }
}
