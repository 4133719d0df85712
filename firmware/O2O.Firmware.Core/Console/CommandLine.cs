namespace O2O.Firmware.Core.Console
{
    /// <summary>
    /// A typed line split into words at runs of spaces, remembering where each word starts so a command
    /// can take "the rest of the line" verbatim (a Wi-Fi SSID or an RTTTL melody may contain spaces).
    /// </summary>
    public sealed class CommandLine
    {
        private readonly string _text;
        private readonly int[] _starts;
        private readonly string[] _words;

        public CommandLine(string text)
        {
            _text = text ?? string.Empty;
            int count = 0;
            for (int i = 0; i < _text.Length; i++)
            {
                if (_text[i] != ' ' && (i == 0 || _text[i - 1] == ' '))
                {
                    count++;
                }
            }

            _starts = new int[count];
            _words = new string[count];
            int n = 0;
            int at = 0;
            while (n < count)
            {
                while (_text[at] == ' ')
                {
                    at++;
                }

                int end = at;
                while (end < _text.Length && _text[end] != ' ')
                {
                    end++;
                }

                _starts[n] = at;
                _words[n] = _text.Substring(at, end - at);
                n++;
                at = end;
            }
        }

        public int Count => _words.Length;

        /// <summary>The command word, lower case (commands are case-insensitive); empty for a blank line.</summary>
        public string Command => _words.Length == 0 ? string.Empty : _words[0].ToLower();

        /// <summary>Word <paramref name="index"/> as typed, or empty when there are fewer words.</summary>
        public string Word(int index)
        {
            return index >= 0 && index < _words.Length ? _words[index] : string.Empty;
        }

        /// <summary>Word <paramref name="index"/> in lower case, for keywords such as "yes" or "get".</summary>
        public string Keyword(int index)
        {
            return Word(index).ToLower();
        }

        /// <summary>Everything from word <paramref name="index"/> to the end of the line, spaces inside kept.</summary>
        public string Rest(int index)
        {
            return index >= 0 && index < _words.Length ? _text.Substring(_starts[index]) : string.Empty;
        }
    }
}
