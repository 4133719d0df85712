namespace O2O.Firmware.Drivers.Beeper
{
    /// <summary>A parsed tune: parallel arrays of note frequencies (Hz, 0 = rest) and durations (ms).</summary>
    public sealed class Melody
    {
        public Melody(string name, int[] frequencies, int[] durations, int count)
        {
            Name = name;
            Frequencies = frequencies;
            Durations = durations;
            Count = count;
        }

        public string Name { get; }

        public int[] Frequencies { get; }

        public int[] Durations { get; }

        public int Count { get; }

        public int TotalMilliseconds
        {
            get
            {
                int total = 0;
                for (int i = 0; i < Count; i++)
                {
                    total += Durations[i];
                }

                return total;
            }
        }
    }
}
