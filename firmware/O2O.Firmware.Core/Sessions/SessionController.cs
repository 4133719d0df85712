using O2O.Firmware.Core.Definitions;
using O2O.Protocol;

namespace O2O.Firmware.Core.Sessions
{
    /// <summary>Where a timed session stands.</summary>
    public enum SessionState
    {
        Idle = 0,
        Running = 1,
        /// <summary>Emergency stop pressed: power stays off until it is released.</summary>
        Stopped = 2,
    }

    /// <summary>What a session reports to its device.</summary>
    public interface ISessionEvents
    {
        void SessionEvent(string eventType, string? orderId, string? code, long value);

        void SessionBeep(string pattern);
    }

    /// <summary>
    /// A paid, timed run of a massage chair or karaoke booth: the relay is on only while a session runs,
    /// warning beeps sound before the end, the emergency stop cuts power at once and blocks new sessions
    /// until released. Time is the uptime passed in.
    /// </summary>
    public sealed class SessionController
    {
        private readonly ISessionHardware _hardware;
        private readonly DeviceTimings _timings;
        private readonly int _maxMinutes;
        private long _startedAt;
        private long _endsAt;
        private bool _warned;

        public SessionController(ISessionHardware hardware, DeviceTimings timings, int maxMinutes)
        {
            _hardware = hardware;
            _timings = timings;
            _maxMinutes = maxMinutes;
        }

        public SessionState State { get; private set; }

        public string? OrderId { get; private set; }

        public long SecondsLeft(long now)
        {
            return State == SessionState.Running && _endsAt > now ? (_endsAt - now + 999) / 1000 : 0;
        }

        /// <summary>Relay off, whatever the state; called first at boot.</summary>
        public void PowerOff()
        {
            _hardware.SetRelay(false);
        }

        /// <summary>Starts a session; null when started, else why not.</summary>
        public string? Start(string orderId, int minutes, long now, ISessionEvents sink)
        {
            if (State == SessionState.Stopped || _hardware.EmergencyStopPressed)
            {
                return "emergency_stop";
            }

            if (State == SessionState.Running)
            {
                return "session_running";
            }

            if (minutes > _maxMinutes)
            {
                return "too_long";
            }

            State = SessionState.Running;
            OrderId = orderId;
            _startedAt = now;
            _endsAt = now + (minutes * 60000L);
            _warned = false;
            _hardware.SetRelay(true);
            sink.SessionEvent(EventTypes.SessionStarted, orderId, null, minutes);
            sink.SessionBeep(BeepPatterns.Ok);
            return null;
        }

        /// <summary>Adds minutes to the running session, within the model's maximum; null when extended.</summary>
        public string? Extend(int minutes, long now, ISessionEvents sink)
        {
            if (State != SessionState.Running)
            {
                return "no_session";
            }

            long newEnd = _endsAt + (minutes * 60000L);
            if (newEnd - _startedAt > _maxMinutes * 60000L)
            {
                return "too_long";
            }

            _endsAt = newEnd;
            _warned = _endsAt - now <= _timings.SessionWarningSeconds * 1000L && _warned;
            sink.SessionEvent(EventTypes.SessionStarted, OrderId, "extended", minutes);
            return null;
        }

        /// <summary>Ends the running session early; null when stopped.</summary>
        public string? Stop(ISessionEvents sink)
        {
            if (State != SessionState.Running)
            {
                return "no_session";
            }

            End("stopped", SessionState.Idle, sink);
            return null;
        }

        public void Tick(long now, ISessionEvents sink)
        {
            bool emergency = _hardware.EmergencyStopPressed;
            switch (State)
            {
                case SessionState.Idle:
                    if (emergency)
                    {
                        State = SessionState.Stopped;
                        sink.SessionEvent(EventTypes.Tamper, null, "emergency_stop", 0);
                    }

                    break;
                case SessionState.Running:
                    if (emergency)
                    {
                        End("emergency_stop", SessionState.Stopped, sink);
                        sink.SessionBeep(BeepPatterns.Alarm);
                    }
                    else if (now >= _endsAt)
                    {
                        End("completed", SessionState.Idle, sink);
                        sink.SessionBeep(BeepPatterns.Ok);
                    }
                    else if (!_warned && _endsAt - now <= _timings.SessionWarningSeconds * 1000L)
                    {
                        _warned = true;
                        sink.SessionEvent(EventTypes.SessionWarning, OrderId, null, SecondsLeft(now));
                        sink.SessionBeep(BeepPatterns.Warning);
                    }

                    break;
                case SessionState.Stopped:
                    if (!emergency)
                    {
                        State = SessionState.Idle;
                        sink.SessionEvent(EventTypes.FaultCleared, null, "emergency_stop", 0);
                    }

                    break;
            }
        }

        private void End(string reason, SessionState next, ISessionEvents sink)
        {
            _hardware.SetRelay(false);
            // The state changes before the event, so the device sees the chair free (or stopped) when it hears of it.
            string? orderId = OrderId;
            OrderId = null;
            State = next;
            sink.SessionEvent(EventTypes.SessionEnded, orderId, reason, 0);
        }
    }
}
