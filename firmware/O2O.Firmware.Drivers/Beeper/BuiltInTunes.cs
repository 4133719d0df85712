using O2O.Firmware.Core;

namespace O2O.Firmware.Drivers.Beeper
{
    /// <summary>The named patterns the firmware core asks for, written as RTTTL so one player handles everything.</summary>
    public static class BuiltInTunes
    {
        /// <summary>The seasonal unlock tune (late November to the end of December): the opening of "Jingle Bells".</summary>
        public const string JingleBells = "jingle:d=8,o=5,b=180:e,e,4e,e,e,4e,e,g,c.,16d,2e";

        public static string? Rtttl(string pattern)
        {
            switch (pattern)
            {
                case BeepPatterns.Ok: return "ok:d=16,o=6,b=200:c,g";
                case BeepPatterns.Error: return "error:d=8,o=5,b=160:c,p,c,p,4c";
                case BeepPatterns.Alarm: return "alarm:d=16,o=6,b=240:a,e,a,e,a,e,a,e,a,e,a,e";
                case BeepPatterns.Reminder: return "reminder:d=8,o=6,b=120:e,p,e";
                case BeepPatterns.Warning: return "warning:d=4,o=6,b=100:c,p,c,p,c";
                case BeepPatterns.Unlock: return "unlock:d=16,o=6,b=200:c,e,g";
                default: return null;
            }
        }
    }
}
