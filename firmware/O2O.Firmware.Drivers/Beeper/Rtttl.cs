namespace O2O.Firmware.Drivers.Beeper
{
    /// <summary>
    /// Parses RTTTL ("name:d=4,o=5,b=120:8e,8e,e,..."), the ringtone format every beeper tune library speaks.
    /// A note is [duration] letter [#] [.] [octave]; "p" is a rest. Anything malformed is refused whole.
    /// </summary>
    public static class Rtttl
    {
        public const int MaxNotes = 256;

        // Equal temperament, octave 4, from C4 to B4 (A4 = 440 Hz); other octaves double or halve.
        private static readonly int[] Octave4CentiHertz = { 26163, 27718, 29366, 31113, 32963, 34923, 36999, 39200, 41530, 44000, 46616, 49388 };

        /// <summary>The melody, or null when the text is not valid RTTTL.</summary>
        public static Melody? Parse(string text)
        {
            string[] sections = text.Split(':');
            if (sections.Length != 3 || sections[0].Length == 0 || sections[0].Length > 32)
            {
                return null;
            }

            int defaultDuration = 4;
            int defaultOctave = 6;
            int beatsPerMinute = 63;
            string[] settings = sections[1].Split(',');
            for (int i = 0; i < settings.Length; i++)
            {
                string setting = settings[i].Trim();
                if (setting.Length == 0)
                {
                    continue;
                }

                int value;
                if (setting.Length < 3 || setting[1] != '=' || !int.TryParse(setting.Substring(2), out value))
                {
                    return null;
                }

                switch (setting[0])
                {
                    case 'd': defaultDuration = value; break;
                    case 'o': defaultOctave = value; break;
                    case 'b': beatsPerMinute = value; break;
                    default: return null;
                }
            }

            if (!IsDuration(defaultDuration) || defaultOctave < 4 || defaultOctave > 7 || beatsPerMinute < 25 || beatsPerMinute > 900)
            {
                return null;
            }

            string[] notes = sections[2].Split(',');
            if (notes.Length > MaxNotes)
            {
                return null;
            }

            var frequencies = new int[notes.Length];
            var durations = new int[notes.Length];
            int wholeNoteMs = 4 * 60000 / beatsPerMinute;
            for (int i = 0; i < notes.Length; i++)
            {
                if (!ParseNote(notes[i].Trim().ToLower(), defaultDuration, defaultOctave, wholeNoteMs, out frequencies[i], out durations[i]))
                {
                    return null;
                }
            }

            return new Melody(sections[0], frequencies, durations, notes.Length);
        }

        private static bool ParseNote(string note, int defaultDuration, int defaultOctave, int wholeNoteMs, out int frequency, out int duration)
        {
            frequency = 0;
            duration = 0;
            int at = 0;
            int length = ReadNumber(note, ref at);
            if (length == 0)
            {
                length = defaultDuration;
            }

            if (!IsDuration(length) || at >= note.Length)
            {
                return false;
            }

            int semitone = Semitone(note[at++]);
            if (semitone == -2)
            {
                return false;
            }

            if (at < note.Length && note[at] == '#')
            {
                semitone++;
                at++;
            }

            bool dotted = false;
            if (at < note.Length && note[at] == '.')
            {
                dotted = true;
                at++;
            }

            int octave = ReadNumber(note, ref at);
            if (octave == 0)
            {
                octave = defaultOctave;
            }

            // Some tunes put the dot after the octave; accept either place.
            if (at < note.Length && note[at] == '.')
            {
                dotted = true;
                at++;
            }

            if (at != note.Length || octave < 4 || octave > 7)
            {
                return false;
            }

            duration = wholeNoteMs / length;
            if (dotted)
            {
                duration += duration / 2;
            }

            if (semitone >= 0)
            {
                int octaveShift = semitone / 12;
                int centiHertz = Octave4CentiHertz[semitone % 12] << (octave - 4 + octaveShift);
                frequency = (centiHertz + 50) / 100;
            }

            return true;
        }

        private static int ReadNumber(string text, ref int at)
        {
            int value = 0;
            while (at < text.Length && text[at] >= '0' && text[at] <= '9' && value < 1000)
            {
                value = (value * 10) + (text[at] - '0');
                at++;
            }

            return value;
        }

        // -1 for a rest, -2 for anything that is not a note letter.
        private static int Semitone(char letter)
        {
            switch (letter)
            {
                case 'c': return 0;
                case 'd': return 2;
                case 'e': return 4;
                case 'f': return 5;
                case 'g': return 7;
                case 'a': return 9;
                case 'b': return 11;
                case 'p': return -1;
                default: return -2;
            }
        }

        private static bool IsDuration(int value)
        {
            return value == 1 || value == 2 || value == 4 || value == 8 || value == 16 || value == 32;
        }
    }
}
