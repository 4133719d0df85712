using System;
using System.Text;

namespace O2O.Firmware.Core.Console
{
    /// <summary>
    /// The command table and its handlers. Handlers only parse arguments, check privileges and format;
    /// the work is done by <see cref="IDiagnosticsTarget"/>. Every bad input ends in one "error: ..." line.
    /// </summary>
    public sealed class ConsoleCommands
    {
        public const int DefaultEvents = 20;
        public const int MaxEvents = 100;

        /// <summary>How far "slot N" errors probe for the slot count (the target does not report it).</summary>

        private const string NotSet = "(not set)";
        private const string Set = "(set)";
        private const string LogInFirst = "log in first (login <code>)";

        private readonly IDiagnosticsTarget _target;
        private readonly ConsoleWriter _out;
        private readonly TechnicianSession _session;
        private readonly ConsoleCommand[] _table;

        public ConsoleCommands(IDiagnosticsTarget target, ConsoleWriter output, TechnicianSession session)
        {
            _target = target;
            _out = output;
            _session = session;
            _table = new ConsoleCommand[]
            {
                new ConsoleCommand("help", "help [command]", "list commands, or show how to use one", ConsoleCommand.Open, Help),
                new ConsoleCommand("status", "status", "state, safe mode, uptime, memory, faults, link", ConsoleCommand.Open, Status),
                new ConsoleCommand("slots", "slots", "one line per slot", ConsoleCommand.Open, Slots),
                new ConsoleCommand("slot", "slot <N>", "detail of slot N", ConsoleCommand.Open, Slot),
                new ConsoleCommand("events", "events [N]", "the last N events (default 20, at most 100)", ConsoleCommand.Open, Events),
                new ConsoleCommand("net", "net", "Wi-Fi, broker and link state", ConsoleCommand.Open, Net),
                new ConsoleCommand("config", "config get [key] | config set <key> <value>", "show settings, or change one (secrets never shown)", ConsoleCommand.PartlyPrivileged, Config),
                new ConsoleCommand("provision", "provision", "first setup: which settings still need a value", ConsoleCommand.Open, Provision),
                new ConsoleCommand("selftest", "selftest [latches]", "check sensors, beeper, storage; 'latches' pulses idle latches", ConsoleCommand.PartlyPrivileged, SelfTest),
                new ConsoleCommand("beep", "beep <pattern-or-rtttl>", "play a named pattern or an RTTTL melody", ConsoleCommand.Open, Beep),
                new ConsoleCommand("qr", "qr", "the QR payload shown now", ConsoleCommand.Open, Qr),
                new ConsoleCommand("log", "log level <error|warn|info|debug>", "set the console log level", ConsoleCommand.Open, Log),
                new ConsoleCommand("reboot", "reboot [yes]", "restart the device (asks for 'yes')", ConsoleCommand.Open, Reboot),
                new ConsoleCommand("version", "version", "device id and firmware version", ConsoleCommand.Open, Version),
                new ConsoleCommand("login", "login <code>", "technician login with a code from the cloud", ConsoleCommand.Open, Login),
                new ConsoleCommand("logout", "logout", "end the technician session", ConsoleCommand.Open, Logout),
                new ConsoleCommand("whoami", "whoami", "who is logged in, and until when", ConsoleCommand.Open, WhoAmI),
                new ConsoleCommand("redeem", "redeem <code> [slot]", "send a customer's offline unlock code to the site agent", ConsoleCommand.Open, Redeem),
                new ConsoleCommand("unlock", "unlock <slot>", "open a slot for maintenance (journaled)", ConsoleCommand.Privileged, Unlock),
                new ConsoleCommand("factory-reset", "factory-reset [yes]", "erase configuration and secrets, then reboot", ConsoleCommand.Privileged, FactoryReset),
            };
        }

        /// <summary>Set by "reboot yes"; the console reboots once the answer has been written.</summary>
        public bool RebootRequested { get; set; }

        public int Count => _table.Length;

        public ConsoleCommand At(int index)
        {
            return _table[index];
        }

        /// <summary>The command named <paramref name="lowerName"/> (already lower case), or null.</summary>
        public ConsoleCommand? Find(string lowerName)
        {
            for (int i = 0; i < _table.Length; i++)
            {
                if (_table[i].Name == lowerName)
                {
                    return _table[i];
                }
            }

            return null;
        }

        /// <summary>The configuration key as the device spells it, matched case-insensitively; null when unknown.</summary>
        public string? CanonicalKey(string key)
        {
            string[] keys = _target.ConfigKeys;
            if (keys == null || key == null)
            {
                return null;
            }

            string lower = key.ToLower();
            for (int i = 0; i < keys.Length; i++)
            {
                if (keys[i] != null && keys[i].ToLower() == lower)
                {
                    return keys[i];
                }
            }

            return null;
        }

        /// <summary>
        /// What "config get" may print for a key. Secrets are reduced to (set)/(not set) here too, so a target
        /// that returned a secret by mistake still cannot leak it to the console.
        /// </summary>
        public string DisplayValue(string key)
        {
            string? value = _target.GetConfig(key);
            if (value == null || value.Length == 0 || value == NotSet)
            {
                return NotSet;
            }

            return _target.IsSecret(key) ? Set : value;
        }

        private bool RequireLogin()
        {
            if (_session.IsLoggedIn)
            {
                return true;
            }

            _out.Error(LogInFirst);
            return false;
        }

        private void Usage(ConsoleCommand command)
        {
            _out.Error("usage: " + command.Usage);
        }

        // For commands that take no arguments: true when there are none, else a usage error.
        private bool NoArguments(CommandLine line)
        {
            if (line.Count == 1)
            {
                return true;
            }

            Usage(Find(line.Command)!);
            return false;
        }

        private void Help(CommandLine line)
        {
            if (line.Count > 2)
            {
                Usage(Find("help")!);
                return;
            }

            if (line.Count == 2)
            {
                ConsoleCommand? command = Find(line.Keyword(1));
                if (command == null)
                {
                    _out.Error("no command '" + ConsoleText.Quotable(line.Word(1)) + "' (type help)");
                    return;
                }

                _out.Line("usage: " + command.Usage);
                _out.Line("  " + command.Summary);
                if (command.Privilege == ConsoleCommand.Privileged)
                {
                    _out.Line("  needs a technician login");
                }
                else if (command.Privilege == ConsoleCommand.PartlyPrivileged)
                {
                    _out.Line(command.Name == "config"
                        ? "  setting a privileged key (secrets, device id) needs a technician login"
                        : "  'selftest latches' moves the latches and needs a technician login");
                }

                return;
            }

            _out.Line("commands (* needs a technician login, + some forms do):");
            for (int i = 0; i < _table.Length; i++)
            {
                ConsoleCommand command = _table[i];
                string mark = command.Privilege == ConsoleCommand.Privileged ? "* " : (command.Privilege == ConsoleCommand.PartlyPrivileged ? "+ " : "  ");
                _out.Line(mark + command.Name.PadRight(14) + command.Summary);
            }

            _out.Line("help <command> shows its arguments");
        }

        private void Status(CommandLine line)
        {
            if (NoArguments(line))
            {
                _out.Block(_target.DescribeStatus());
            }
        }

        private void Slots(CommandLine line)
        {
            if (NoArguments(line))
            {
                _out.Block(_target.DescribeSlots());
            }
        }

        private void Slot(CommandLine line)
        {
            if (line.Count != 2)
            {
                Usage(Find("slot")!);
                return;
            }

            int slot = ConsoleText.ParseNumber(line.Word(1));
            string? detail = slot < 0 ? null : _target.DescribeSlot(slot);
            if (detail == null)
            {
                SlotRangeError();
                return;
            }

            _out.Block(detail);
        }

        private void SlotRangeError()
        {
            int count = _target.SlotCount;
            _out.Error(count == 0 ? "this device has no slots (see 'slots')" : "slot must be a number from 0 to " + (count - 1).ToString());
        }

        private void Events(CommandLine line)
        {
            if (line.Count > 2)
            {
                Usage(Find("events")!);
                return;
            }

            int max = DefaultEvents;
            if (line.Count == 2)
            {
                max = ConsoleText.ParseNumber(line.Word(1));
                if (max < 1 || max > MaxEvents)
                {
                    _out.Error("events: N must be a number from 1 to " + MaxEvents.ToString());
                    return;
                }
            }

            _out.Block(_target.DescribeEvents(max));
        }

        private void Net(CommandLine line)
        {
            if (NoArguments(line))
            {
                _out.Block(_target.DescribeNetwork());
            }
        }

        private void Config(CommandLine line)
        {
            string sub = line.Keyword(1);
            if (sub == "get" && line.Count <= 3)
            {
                ConfigGet(line);
            }
            else if (sub == "set")
            {
                ConfigSet(line);
            }
            else
            {
                Usage(Find("config")!);
            }
        }

        private void ConfigGet(CommandLine line)
        {
            if (line.Count == 3)
            {
                string? key = CanonicalKey(line.Word(2));
                if (key == null)
                {
                    UnknownKey(line.Word(2));
                    return;
                }

                _out.Line(key + " = " + DisplayValue(key));
                return;
            }

            string[] keys = _target.ConfigKeys;
            int width = 0;
            for (int i = 0; i < keys.Length; i++)
            {
                width = keys[i].Length > width ? keys[i].Length : width;
            }

            for (int i = 0; i < keys.Length; i++)
            {
                _out.Line(keys[i].PadRight(width) + " = " + DisplayValue(keys[i]));
            }
        }

        private void ConfigSet(CommandLine line)
        {
            if (line.Count < 4)
            {
                _out.Error("usage: config set <key> <value>");
                return;
            }

            string? key = CanonicalKey(line.Word(2));
            if (key == null)
            {
                UnknownKey(line.Word(2));
                return;
            }

            if (_target.IsPrivilegedKey(key) && !RequireLogin())
            {
                return;
            }

            string? refused = _target.SetConfig(key, line.Rest(3));
            if (refused != null)
            {
                _out.Error(key + ": " + refused);
                return;
            }

            // The value is not repeated: for a secret that would put it on the screen and in any terminal log.
            _out.Line("ok: " + key + " set");
        }

        private void UnknownKey(string key)
        {
            _out.Error("unknown key '" + ConsoleText.Quotable(key) + "' (config get lists the keys)");
        }

        private void Provision(CommandLine line)
        {
            if (!NoArguments(line))
            {
                return;
            }

            // A freshly flashed device reports its missing settings as "(not set)" or empty. Each is listed
            // with the exact command to type, in the device's display order.
            string[] keys = _target.ConfigKeys;
            int missing = 0;
            var list = new StringBuilder();
            bool anyPrivileged = false;
            for (int i = 0; i < keys.Length; i++)
            {
                string? value = _target.GetConfig(keys[i]);
                if (value != null && value.Length > 0 && value != NotSet)
                {
                    continue;
                }

                missing++;
                bool privileged = _target.IsPrivilegedKey(keys[i]);
                anyPrivileged |= privileged && !_session.IsLoggedIn;
                list.Append("  config set " + keys[i] + " <value>" + (privileged && !_session.IsLoggedIn ? "   (log in first)" : string.Empty) + "\n");
            }

            if (missing == 0)
            {
                _out.Line("provision: all " + keys.Length.ToString() + " settings have a value; nothing to do");
                return;
            }

            _out.Line("provision: " + missing.ToString() + " of " + keys.Length.ToString() + " settings still need a value:");
            _out.Block(list.ToString());
            if (anyPrivileged)
            {
                _out.Line("keys marked (log in first) need 'login <code>'");
            }

            _out.Line("then check with 'config get' and apply with 'reboot yes'");
        }

        private void SelfTest(CommandLine line)
        {
            if (line.Count == 1)
            {
                _out.Block(_target.SelfTest(false));
            }
            else if (line.Count == 2 && line.Keyword(1) == "latches")
            {
                if (RequireLogin())
                {
                    _out.Line("selftest: pulsing idle latches");
                    _out.Block(_target.SelfTest(true));
                }
            }
            else
            {
                Usage(Find("selftest")!);
            }
        }

        private void Beep(CommandLine line)
        {
            if (line.Count < 2)
            {
                Usage(Find("beep")!);
                return;
            }

            Result(_target.Beep(line.Rest(1)), "ok");
        }

        private void Qr(CommandLine line)
        {
            if (NoArguments(line))
            {
                _out.Block(_target.DescribeQr());
            }
        }

        private void Log(CommandLine line)
        {
            string level = line.Keyword(2);
            bool known = level == "error" || level == "warn" || level == "info" || level == "debug";
            if (line.Count != 3 || line.Keyword(1) != "level" || !known)
            {
                Usage(Find("log")!);
                return;
            }

            Result(_target.SetLogLevel(level), "ok: log level " + level);
        }

        private void Reboot(CommandLine line)
        {
            if (line.Count == 1)
            {
                _out.Line("type 'reboot yes' to confirm");
            }
            else if (line.Count == 2 && line.Keyword(1) == "yes")
            {
                _out.Line("rebooting...");
                RebootRequested = true;
            }
            else
            {
                Usage(Find("reboot")!);
            }
        }

        private void Version(CommandLine line)
        {
            if (NoArguments(line))
            {
                _out.Line(_target.DeviceId + " firmware " + _target.Version);
            }
        }

        private void Login(CommandLine line)
        {
            if (line.Count != 2)
            {
                Usage(Find("login")!);
                return;
            }

            long now = _target.UnixSeconds;
            string? refused = _session.Login(line.Word(1), _target.DeviceId, _target.TechnicianKey, now, _target.UptimeMilliseconds);
            if (refused != null)
            {
                // Never the code itself: it stays off the screen and out of any capture of the session.
                _out.Error(refused);
                return;
            }

            _out.Line("ok: logged in as " + _session.TechnicianId + " for " + ConsoleText.Minutes(_session.ExpiresUnixSeconds - now)
                + " (ends after 30 min without commands; 'logout' ends it now)");
        }

        private void Logout(CommandLine line)
        {
            if (!NoArguments(line))
            {
                return;
            }

            if (!_session.IsLoggedIn)
            {
                _out.Line("not logged in");
                return;
            }

            _out.Line("ok: " + _session.TechnicianId + " logged out");
            _session.Logout();
        }

        private void WhoAmI(CommandLine line)
        {
            if (!NoArguments(line))
            {
                return;
            }

            if (!_session.IsLoggedIn)
            {
                long locked = _session.LockoutRemaining(_target.UptimeMilliseconds);
                _out.Line(locked > 0
                    ? "not logged in; login locked for " + ((locked + 999) / 1000).ToString() + " s after wrong codes"
                    : "not logged in (login <code>)");
                return;
            }

            _out.Line("technician " + _session.TechnicianId + ", code valid for " + ConsoleText.Minutes(_session.ExpiresUnixSeconds - _target.UnixSeconds)
                + ", ends after 30 min without commands");
        }

        private void Unlock(CommandLine line)
        {
            if (line.Count != 2)
            {
                Usage(Find("unlock")!);
                return;
            }

            int slot = ConsoleText.ParseNumber(line.Word(1));
            if (slot < 0 || _target.DescribeSlot(slot) == null)
            {
                SlotRangeError();
                return;
            }

            Result(_target.TechnicianUnlock(slot, _session.TechnicianId!), "ok: slot " + slot.ToString() + " unlocked by " + _session.TechnicianId);
        }

        // Open to anyone: it stands in for the keypad a customer would type the code on. The device cannot check
        // the code (it has no key for it); the site's edge agent does, and opens the slot if it is valid.
        private void Redeem(CommandLine line)
        {
            if (line.Count < 2 || line.Count > 3)
            {
                Usage(Find("redeem")!);
                return;
            }

            int slot = -1;
            if (line.Count == 3)
            {
                slot = ConsoleText.ParseNumber(line.Word(2));
                if (slot < 0 || _target.DescribeSlot(slot) == null)
                {
                    SlotRangeError();
                    return;
                }
            }

            string? refused = _target.PresentToken(line.Word(1), slot);
            if (refused == null)
            {
                _out.Line("ok: code sent to the site agent; the slot opens if it is valid");
                return;
            }

            // In words, and never the code itself: it is a bearer secret until the agent has used it.
            _out.Error(RedeemRefusal(refused));
        }

        private static string RedeemRefusal(string reason)
        {
            switch (reason)
            {
                case TokenRefusals.BadToken:
                    return "that is not a valid code (letters, digits, '-' and '_' only, no spaces)";
                case TokenRefusals.UnknownSlot:
                    return "no such slot";
                case TokenRefusals.Offline:
                    return "the device cannot reach the site agent right now; try again in a minute";
                case TokenRefusals.SafeMode:
                    return "the device is in safe mode and cannot open slots";
                default:
                    return "code not sent (" + ConsoleText.Quotable(reason) + ")";
            }
        }

        private void FactoryReset(CommandLine line)
        {
            if (line.Count == 1)
            {
                _out.Line("type 'factory-reset yes' to confirm: erases configuration and secrets, then reboots");
                return;
            }

            if (line.Count != 2 || line.Keyword(1) != "yes")
            {
                Usage(Find("factory-reset")!);
                return;
            }

            // Written before the call: the target may reboot before it returns.
            _out.Line("factory reset: erasing configuration and secrets, then rebooting");
            _out.Flush();
            string? refused = _target.FactoryReset();
            if (refused != null)
            {
                _out.Error("factory reset refused: " + refused);
                return;
            }

            _session.Logout();
        }

        private void Result(string? refused, string success)
        {
            if (refused == null)
            {
                _out.Line(success);
            }
            else
            {
                _out.Error(refused);
            }
        }
    }
}
