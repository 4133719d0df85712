using System;

namespace O2O.Firmware.Core.Console
{
    /// <summary>
    /// The serial diagnostics console a field technician reaches with picocom, minicom or screen at 115200 8N1.
    /// Glue only: <see cref="LineEditor"/> assembles lines, <see cref="ConsoleCommands"/> runs them,
    /// <see cref="TechnicianSession"/> holds the login. Feed it every byte the UART receives, in any chunks.
    /// Not thread-safe by design: call it from the one UART receive thread.
    /// </summary>
    public sealed class DiagnosticsConsole
    {
        public const int MaxLineLength = 128;

        private readonly IDiagnosticsTarget _target;
        private readonly ConsoleWriter _out;
        private readonly TechnicianSession _session;
        private readonly ConsoleCommands _commands;
        private readonly LineEditor _editor;

        public DiagnosticsConsole(IDiagnosticsTarget target, IConsoleOutput output)
        {
            _target = target;
            _out = new ConsoleWriter(output);
            _session = new TechnicianSession();
            _commands = new ConsoleCommands(target, _out, _session);
            _editor = new LineEditor(MaxLineLength, IsSecretPosition);
        }

        /// <summary>The command words, in help order (for tests and for the simulator's completion).</summary>
        public string[] CommandNames
        {
            get
            {
                var names = new string[_commands.Count];
                for (int i = 0; i < names.Length; i++)
                {
                    names[i] = _commands.At(i).Name;
                }

                return names;
            }
        }

        public bool IsLoggedIn => _session.IsLoggedIn;

        /// <summary>Prints the banner and the first prompt.</summary>
        public void Start()
        {
            try
            {
                _out.Line("O2O diagnostics console: " + _target.DeviceId + ", firmware " + _target.Version + "; type 'help'");
            }
            catch (Exception)
            {
                _out.Line("O2O diagnostics console; type 'help'");
            }

            Prompt();
            _out.Flush();
        }

        /// <summary>Bytes from the UART. Never throws: bad arguments are ignored, failing commands print an error.</summary>
        public void Receive(byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count <= 0 || offset > data.Length)
            {
                return;
            }

            int end = count > data.Length - offset ? data.Length : offset + count;
            for (int i = offset; i < end; i++)
            {
                int result = _editor.Feed(data[i], _out.Pending);
                if (result == LineEditor.LineReady)
                {
                    Execute(_editor.Line);
                    Prompt();
                }
                else if (result == LineEditor.Cancelled)
                {
                    Prompt();
                }
                else if (result == LineEditor.TooLong)
                {
                    _out.Error("line longer than " + MaxLineLength.ToString() + " characters");
                    Prompt();
                }
            }

            _out.Flush();
        }

        private void Execute(string text)
        {
            var line = new CommandLine(text);
            if (line.Count == 0)
            {
                return;
            }

            try
            {
                long uptime = _target.UptimeMilliseconds;
                string? ended = _session.CheckExpiry(_target.UnixSeconds, uptime);
                if (ended != null)
                {
                    _out.Line(ended);
                }

                _session.Touch(uptime);
                ConsoleCommand? command = _commands.Find(line.Command);
                if (command == null)
                {
                    _out.Error("unknown command '" + ConsoleText.Quotable(line.Word(0)) + "' (type help)");
                    return;
                }

                if (command.Privilege == ConsoleCommand.Privileged && !_session.IsLoggedIn)
                {
                    _out.Error("log in first (login <code>)");
                    return;
                }

                command.Handler(line);
            }
            catch (Exception e)
            {
                // The target promises not to throw; if it does anyway, the technician sees one line and the console lives on.
                _out.Error("internal error in '" + line.Command + "': " + e.Message);
            }

            if (_commands.RebootRequested)
            {
                // The answer first, then the reboot, as RequestReboot expects.
                _commands.RebootRequested = false;
                _out.Flush();
                try
                {
                    _target.RequestReboot();
                }
                catch (Exception)
                {
                    _out.Error("reboot failed");
                }
            }
        }

        private void Prompt()
        {
            string id;
            try
            {
                id = _target.DeviceId;
            }
            catch (Exception)
            {
                id = string.Empty;
            }

            _out.Raw((id == null || id.Length == 0 ? "o2o" : id) + (_session.IsLoggedIn ? "# " : "> "));
        }

        // Secret arguments are echoed as '*': the login code, the offline unlock code in "redeem", and the value in
        // "config set <secret key> ...", so none ends up on the laptop's screen, scrollback or a picocom log file.
        private bool IsSecretPosition(string lineSoFar)
        {
            var line = new CommandLine(lineSoFar);
            bool inWord = lineSoFar.Length > 0 && lineSoFar[lineSoFar.Length - 1] != ' ';
            int word = inWord ? line.Count - 1 : line.Count;
            string command = line.Command;
            if (command == "login" || command == "redeem")
            {
                // Every argument, the redeem slot too: a code typed in groups ("4829 1357 0264") must not show its later groups.
                return word >= 1;
            }

            if (command != "config" || line.Keyword(1) != "set" || word < 3)
            {
                return false;
            }

            try
            {
                string? key = _commands.CanonicalKey(line.Word(2));
                return key != null && _target.IsSecret(key);
            }
            catch (Exception)
            {
                return true;
            }
        }
    }
}
