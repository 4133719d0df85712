using System;
using System.Text;

namespace O2O.Firmware.Core.Console
{
    /// <summary>
    /// Collects console output and hands it to the UART in few writes. Every line it emits ends in "\r\n"
    /// (terminals in raw mode do not turn "\n" into CR LF), and text from the device or the technician is
    /// stripped of control and non-ASCII characters, so a report cannot move the cursor or change the
    /// terminal's state.
    /// </summary>
    public sealed class ConsoleWriter
    {
        private readonly IConsoleOutput _output;
        private readonly StringBuilder _pending = new StringBuilder(256);

        public ConsoleWriter(IConsoleOutput output)
        {
            _output = output;
        }

        /// <summary>The buffer line editing echoes into; flushed with everything else.</summary>
        public StringBuilder Pending => _pending;

        /// <summary>Writes one line (sanitised) and its line end.</summary>
        public void Line(string text)
        {
            AppendClean(text);
            _pending.Append("\r\n");
        }

        /// <summary>Writes "error: ..." as one line.</summary>
        public void Error(string text)
        {
            Line("error: " + text);
        }

        /// <summary>Writes multi-line text from the device: any of "\r\n", "\n" or "\r" ends a line; a trailing line end is not doubled.</summary>
        public void Block(string? text)
        {
            if (text == null || text.Length == 0)
            {
                return;
            }

            int start = 0;
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (c == '\r' || c == '\n')
                {
                    Line(text.Substring(start, i - start));
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    start = i + 1;
                }

                i++;
            }

            if (start < text.Length)
            {
                Line(text.Substring(start));
            }
        }

        /// <summary>Writes text with no line end (the prompt).</summary>
        public void Raw(string text)
        {
            AppendClean(text);
        }

        public void Flush()
        {
            if (_pending.Length == 0)
            {
                return;
            }

            string text = _pending.ToString();
            _pending.Length = 0;
            try
            {
                _output.Write(text);
            }
            catch (Exception)
            {
                // A failing UART write loses this output, but must not kill the receive thread that called us.
            }
        }

        private void AppendClean(string? text)
        {
            if (text == null)
            {
                return;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\t')
                {
                    _pending.Append(' ');
                }
                else if (c >= ' ' && c < (char)0x7F)
                {
                    _pending.Append(c);
                }
                else if (c >= (char)0xA0)
                {
                    // Non-ASCII (degree signs, names): a placeholder keeps the column count honest on any terminal charset.
                    _pending.Append('?');
                }
            }
        }
    }
}
