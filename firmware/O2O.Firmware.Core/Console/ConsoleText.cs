namespace O2O.Firmware.Core.Console
{
    /// <summary>Small parsing and formatting helpers shared by the console's handlers.</summary>
    public static class ConsoleText
    {
        /// <summary>
        /// A non-negative number of 1-4 digits, else -1. Digits only: no sign, no spaces, nothing that could
        /// overflow, so "slot -1", "slot 1e3" or a 100-digit number all fail the same simple way.
        /// </summary>
        public static int ParseNumber(string text)
        {
            if (text == null || text.Length == 0 || text.Length > 4)
            {
                return -1;
            }

            int value = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    return -1;
                }

                value = (value * 10) + (c - '0');
            }

            return value;
        }

        /// <summary>
        /// A typed word safe to repeat in an error: short words of ordinary characters come back as typed;
        /// anything long or dotted (which might be a login code typed without "login") is not repeated.
        /// </summary>
        public static string Quotable(string word)
        {
            if (word == null || word.Length == 0 || word.Length > 24)
            {
                return "...";
            }

            for (int i = 0; i < word.Length; i++)
            {
                char c = word[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok)
                {
                    return "...";
                }
            }

            return word;
        }

        /// <summary>A duration in whole minutes, rounded up, e.g. "12 min"; under a minute as seconds.</summary>
        public static string Minutes(long seconds)
        {
            if (seconds < 0)
            {
                seconds = 0;
            }

            return seconds < 60 ? seconds.ToString() + " s" : ((seconds + 59) / 60).ToString() + " min";
        }
    }
}
