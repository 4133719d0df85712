namespace O2O.Firmware.Core
{
    /// <summary>The beeper, as the core uses it: play a named pattern or an RTTTL melody, replacing whatever plays.</summary>
    public interface IBeeper
    {
        /// <summary>False when the pattern is unknown or the melody does not parse.</summary>
        bool Play(string patternOrRtttl);
    }

    /// <summary>Pattern names every beeper driver knows.</summary>
    public static class BeepPatterns
    {
        public const string Ok = "ok";
        public const string Error = "error";
        public const string Alarm = "alarm";
        public const string Reminder = "reminder";
        public const string Warning = "warning";
        public const string Unlock = "unlock";
    }
}
