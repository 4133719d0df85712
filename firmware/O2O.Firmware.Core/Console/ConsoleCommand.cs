namespace O2O.Firmware.Core.Console
{
    /// <summary>Runs one command; the line is already split into words. (Own delegate type: no generic Action on nanoFramework 1.x.)</summary>
    public delegate void CommandHandler(CommandLine line);

    /// <summary>One entry of the command table: what help prints and what runs.</summary>
    public sealed class ConsoleCommand
    {
        /// <summary>Any technician at the UART may run it.</summary>
        public const int Open = 0;

        /// <summary>Always needs a technician login.</summary>
        public const int Privileged = 1;

        /// <summary>Some forms need a login (selftest latches, config set of a privileged key); the handler checks.</summary>
        public const int PartlyPrivileged = 2;

        public ConsoleCommand(string name, string usage, string summary, int privilege, CommandHandler handler)
        {
            Name = name;
            Usage = usage;
            Summary = summary;
            Privilege = privilege;
            Handler = handler;
        }

        public string Name { get; }

        /// <summary>Full usage, e.g. "events [N]".</summary>
        public string Usage { get; }

        public string Summary { get; }

        public int Privilege { get; }

        public CommandHandler Handler { get; }
    }
}
