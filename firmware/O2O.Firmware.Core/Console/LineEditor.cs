using System.Text;

namespace O2O.Firmware.Core.Console
{
    /// <summary>Decides, from the line typed so far, whether the next character is secret (echoed as '*').</summary>
    public delegate bool SecretRule(string lineSoFar);

    /// <summary>
    /// Turns UART bytes into command lines the way a dumb terminal (picocom, minicom, screen) expects:
    /// the device echoes what it keeps, so the screen always shows exactly the stored line.
    /// One byte at a time, with all state in fields, so a line may arrive in any number of chunks.
    /// Not thread-safe: the console is fed from the one UART receive thread.
    /// </summary>
    public sealed class LineEditor
    {
        // Results of Feed.
        public const int None = 0;
        public const int LineReady = 1;
        public const int Cancelled = 2;
        public const int TooLong = 3;

        private const byte Bell = 0x07;
        private const int MaxEscapeLength = 16;

        // Escape-sequence states: arrow keys and friends send ESC [ ... final or ESC O final.
        private const int EscNone = 0;
        private const int EscStart = 1;
        private const int EscCsi = 2;
        private const int EscSs3 = 3;

        private readonly int _maxLength;
        private readonly StringBuilder _line;
        private readonly SecretRule? _secretRule;
        private bool _overflow;
        private int _escState;
        private int _escLength;

        // The CR or LF that just ended a line, so the other half of a CRLF or LFCR pair is swallowed
        // instead of producing an empty line. 0 when the last byte was not a line end.
        private byte _lastLineEnd;

        public LineEditor(int maxLength, SecretRule? secretRule)
        {
            _maxLength = maxLength;
            _line = new StringBuilder(maxLength);
            _secretRule = secretRule;
        }

        public int MaxLength => _maxLength;

        /// <summary>The finished line after Feed returned <see cref="LineReady"/>; valid until the next Feed.</summary>
        public string Line { get; private set; } = string.Empty;

        /// <summary>Processes one received byte, appending whatever must be echoed to <paramref name="echo"/>.</summary>
        public int Feed(byte b, StringBuilder echo)
        {
            if (b == 0x0D || b == 0x0A)
            {
                return EndOfLine(b, echo);
            }

            _lastLineEnd = 0;
            if (_escState != EscNone && ContinueEscape(b))
            {
                return None;
            }

            if (b == 0x1B)
            {
                _escState = EscStart;
                _escLength = 0;
                return None;
            }

            if (b == 0x03)
            {
                // Ctrl-C: drop the line; the caller prints the prompt again.
                Reset();
                echo.Append("^C\r\n");
                return Cancelled;
            }

            if (b == 0x15)
            {
                // Ctrl-U: erase the visible line in place, as a shell does.
                for (int i = 0; i < _line.Length; i++)
                {
                    echo.Append("\b \b");
                }

                _line.Length = 0;
                _overflow = false;
                return None;
            }

            if (b == 0x08 || b == 0x7F)
            {
                // Terminals disagree on what Backspace sends (BS or DEL), so both erase.
                if (_line.Length > 0)
                {
                    _line.Length = _line.Length - 1;
                    echo.Append("\b \b");
                }

                return None;
            }

            if (b >= 0xC0 && b <= 0xF7)
            {
                // First byte of a UTF-8 character: refuse the whole character with one beep; its continuation
                // bytes (0x80-0xBF) fall through to the silent ignore below, so nothing half-decoded is stored.
                echo.Append((char)Bell);
                return None;
            }

            if (b < 0x20 || b >= 0x7F)
            {
                // Other control characters (tab, Ctrl-D ...) and stray high bytes: ignored, not echoed.
                return None;
            }

            if (_line.Length >= _maxLength)
            {
                // Beyond the limit nothing is stored or echoed; Enter then refuses the line, so a pasted
                // command is never executed cut short.
                _overflow = true;
                echo.Append((char)Bell);
                return None;
            }

            char c = (char)b;
            bool secret = c != ' ' && _secretRule != null && _secretRule(_line.ToString());
            _line.Append(c);
            echo.Append(secret ? '*' : c);
            return None;
        }

        /// <summary>Forgets the current line and any half-received escape sequence.</summary>
        public void Reset()
        {
            _line.Length = 0;
            _overflow = false;
            _escState = EscNone;
            _lastLineEnd = 0;
        }

        private int EndOfLine(byte b, StringBuilder echo)
        {
            _escState = EscNone;
            if (_lastLineEnd != 0 && _lastLineEnd != b)
            {
                // Second half of CRLF or LFCR: the line already ended.
                _lastLineEnd = 0;
                return None;
            }

            _lastLineEnd = b;
            echo.Append("\r\n");
            bool overflow = _overflow;
            Line = overflow ? string.Empty : _line.ToString();
            _line.Length = 0;
            _overflow = false;
            return overflow ? TooLong : LineReady;
        }

        // Returns true when the byte was consumed as part of an escape sequence. A control or non-ASCII byte
        // aborts the sequence and is processed normally, so a broken sequence never swallows Enter or Ctrl-C.
        private bool ContinueEscape(byte b)
        {
            if (b < 0x20 || b > 0x7E)
            {
                _escState = EscNone;
                return false;
            }

            _escLength++;
            if (_escState == EscStart)
            {
                // ESC [ starts a CSI sequence, ESC O an SS3 one (arrows in application mode); anything else
                // is a two-byte sequence such as Alt+key, and is dropped whole.
                _escState = b == '[' ? EscCsi : (b == 'O' ? EscSs3 : EscNone);
                return true;
            }

            if (_escState == EscSs3)
            {
                _escState = EscNone;
                return true;
            }

            // CSI: parameter and intermediate bytes (0x20-0x3F) continue it, a final byte (0x40-0x7E) ends it.
            if (b >= 0x40 || _escLength >= MaxEscapeLength)
            {
                _escState = EscNone;
            }

            return true;
        }
    }
}
