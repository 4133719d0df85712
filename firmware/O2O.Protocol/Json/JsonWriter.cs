using System;

namespace O2O.Protocol.Json
{
    /// <summary>
    /// Writes compact UTF-8 JSON into a reusable buffer. Once the buffer has grown to the largest
    /// message, writing allocates nothing: numbers and strings are encoded digit by digit and char by
    /// char, because the nanoFramework heap is small and its collector slow.
    /// </summary>
    public sealed class JsonWriter
    {
        private const int MaxDepth = 16;
        private byte[] _buffer;
        private int _length;
        // Per nesting level: true once the first member or element has been written (a comma is due).
        private readonly bool[] _needsComma = new bool[MaxDepth + 1];
        private int _depth;
        private bool _afterName;

        public JsonWriter(int initialCapacity)
        {
            _buffer = new byte[initialCapacity < 16 ? 16 : initialCapacity];
        }

        /// <summary>The buffer holding the output; only the first <see cref="Length"/> bytes are meaningful.</summary>
        public byte[] Buffer { get { return _buffer; } }

        public int Length { get { return _length; } }

        public void Reset()
        {
            _length = 0;
            _depth = 0;
            _afterName = false;
            _needsComma[0] = false;
        }

        /// <summary>Copies the output into a new array of exactly the right size.</summary>
        public byte[] ToArray()
        {
            var copy = new byte[_length];
            Array.Copy(_buffer, copy, _length);
            return copy;
        }

        public void BeginObject()
        {
            BeforeValue();
            Push('{');
        }

        public void EndObject()
        {
            Pop('}');
        }

        public void BeginArray()
        {
            BeforeValue();
            Push('[');
        }

        public void EndArray()
        {
            Pop(']');
        }

        public void Name(string name)
        {
            if (_afterName)
            {
                throw new InvalidOperationException("A property name must be followed by a value.");
            }

            Separator();
            WriteQuoted(name);
            Append((byte)':');
            _afterName = true;
        }

        public void String(string? value)
        {
            BeforeValue();
            if (value == null)
            {
                AppendAscii("null");
                return;
            }

            WriteQuoted(value);
        }

        public void Number(long value)
        {
            BeforeValue();
            if (value < 0)
            {
                Append((byte)'-');
                // long.MinValue has no positive counterpart; write its digits from the unsigned form.
                AppendDigits(value == long.MinValue ? 9223372036854775808UL : (ulong)(-value));
            }
            else
            {
                AppendDigits((ulong)value);
            }
        }

        public void Bool(bool value)
        {
            BeforeValue();
            AppendAscii(value ? "true" : "false");
        }

        public void Null()
        {
            BeforeValue();
            AppendAscii("null");
        }

        public void Property(string name, string? value)
        {
            Name(name);
            String(value);
        }

        public void Property(string name, long value)
        {
            Name(name);
            Number(value);
        }

        public void Property(string name, bool value)
        {
            Name(name);
            Bool(value);
        }

        /// <summary>Writes the property only when the value is not null: absent and null mean the same in our protocol.</summary>
        public void OptionalProperty(string name, string? value)
        {
            if (value != null)
            {
                Property(name, value);
            }
        }

        private void BeforeValue()
        {
            if (_afterName)
            {
                _afterName = false;
                return;
            }

            Separator();
        }

        private void Separator()
        {
            if (_needsComma[_depth])
            {
                Append((byte)',');
            }

            _needsComma[_depth] = true;
        }

        private void Push(char open)
        {
            if (_depth == MaxDepth)
            {
                throw new InvalidOperationException("JSON nesting is deeper than the writer allows.");
            }

            Append((byte)open);
            _depth++;
            _needsComma[_depth] = false;
        }

        private void Pop(char close)
        {
            if (_depth == 0 || _afterName)
            {
                throw new InvalidOperationException("Unbalanced JSON container.");
            }

            _depth--;
            Append((byte)close);
        }

        private void AppendDigits(ulong value)
        {
            // 20 digits hold ulong.MaxValue. Count first so the digits go straight into place.
            int digits = 1;
            for (ulong rest = value / 10; rest != 0; rest /= 10)
            {
                digits++;
            }

            EnsureCapacity(digits);
            int position = _length + digits - 1;
            do
            {
                _buffer[position--] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }
            while (value != 0);
            _length += digits;
        }

        private void WriteQuoted(string text)
        {
            Append((byte)'"');
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '"' || c == '\\')
                {
                    Append((byte)'\\');
                    Append((byte)c);
                }
                else if (c < 0x20)
                {
                    WriteControl(c);
                }
                else if (c < 0x80)
                {
                    Append((byte)c);
                }
                else if (c < 0x800)
                {
                    Append((byte)(0xC0 | (c >> 6)));
                    Append((byte)(0x80 | (c & 0x3F)));
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.Length && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF)
                {
                    int codePoint = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
                    i++;
                    Append((byte)(0xF0 | (codePoint >> 18)));
                    Append((byte)(0x80 | ((codePoint >> 12) & 0x3F)));
                    Append((byte)(0x80 | ((codePoint >> 6) & 0x3F)));
                    Append((byte)(0x80 | (codePoint & 0x3F)));
                }
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    // A lone surrogate cannot be encoded as UTF-8; the replacement character keeps the output valid.
                    Append(0xEF);
                    Append(0xBF);
                    Append(0xBD);
                }
                else
                {
                    Append((byte)(0xE0 | (c >> 12)));
                    Append((byte)(0x80 | ((c >> 6) & 0x3F)));
                    Append((byte)(0x80 | (c & 0x3F)));
                }
            }

            Append((byte)'"');
        }

        private void WriteControl(char c)
        {
            Append((byte)'\\');
            switch (c)
            {
                case '\n': Append((byte)'n'); return;
                case '\r': Append((byte)'r'); return;
                case '\t': Append((byte)'t'); return;
                case '\b': Append((byte)'b'); return;
                case '\f': Append((byte)'f'); return;
            }

            AppendAscii("u00");
            Append(HexDigit(c >> 4));
            Append(HexDigit(c & 0xF));
        }

        private static byte HexDigit(int nibble)
        {
            return (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
        }

        private void AppendAscii(string ascii)
        {
            EnsureCapacity(ascii.Length);
            for (int i = 0; i < ascii.Length; i++)
            {
                _buffer[_length++] = (byte)ascii[i];
            }
        }

        private void Append(byte b)
        {
            if (_length == _buffer.Length)
            {
                EnsureCapacity(1);
            }

            _buffer[_length++] = b;
        }

        private void EnsureCapacity(int extra)
        {
            if (_length + extra <= _buffer.Length)
            {
                return;
            }

            int size = _buffer.Length * 2;
            while (size < _length + extra)
            {
                size *= 2;
            }

            var grown = new byte[size];
            Array.Copy(_buffer, grown, _length);
            _buffer = grown;
        }
    }
}
