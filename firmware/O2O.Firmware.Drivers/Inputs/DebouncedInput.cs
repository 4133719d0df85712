using System;
using System.Device.Gpio;
using O2O.Firmware.Core;

namespace O2O.Firmware.Drivers.Inputs
{
    /// <summary>
    /// A switch input (door, item present, emergency stop), active low. Every edge interrupt restarts the
    /// debounce window; the debounced state changes only after the raw level has held for the whole window,
    /// so contact bounce shorter than the window never reaches the state machine.
    /// Disposal: the caller owns the <see cref="GpioController"/>; this driver owns and closes its pin.
    /// </summary>
    public sealed class DebouncedInput : IDisposable
    {
        private readonly GpioController _controller;
        private readonly GpioPin _pin;
        private readonly IClock _clock;
        private readonly int _debounceMs;
        private readonly bool _activeLow;
        private readonly object _gate = new object();
        private long _lastEdgeAt;
        private bool _edgeSinceLastTick;
        private bool _candidate;
        private long _candidateSince;

        /// <param name="internalPullUp">False on GPIO34-39, which have no internal pulls: the board fits an external pull-up there.</param>
        public DebouncedInput(GpioController controller, int pin, bool activeLow, bool internalPullUp, IClock clock, int debounceMs)
        {
            _controller = controller;
            _clock = clock;
            _debounceMs = debounceMs;
            _activeLow = activeLow;
            _pin = controller.OpenPin(pin, internalPullUp ? PinMode.InputPullUp : PinMode.Input);
            Active = RawActive();
            _candidate = Active;
            _candidateSince = clock.UptimeMilliseconds;
            controller.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Rising | PinEventTypes.Falling, OnEdge);
        }

        /// <summary>The debounced state: true while the switch is closed (pulled low).</summary>
        public bool Active { get; private set; }

        /// <summary>Edges seen by the interrupt, for diagnostics (a noisy line shows up here).</summary>
        public int Edges { get; private set; }

        /// <summary>Call from the main loop: samples the pin and settles the state once the window has passed quietly.</summary>
        public void Tick()
        {
            long now = _clock.UptimeMilliseconds;
            bool raw = RawActive();
            long lastEdge;
            bool freshEdge;
            lock (_gate)
            {
                lastEdge = _lastEdgeAt;
                freshEdge = _edgeSinceLastTick;
                _edgeSinceLastTick = false;
            }

            if (raw != _candidate)
            {
                // The level changed when the interrupt saw the edge, not when this sample noticed it.
                _candidate = raw;
                _candidateSince = freshEdge ? lastEdge : now;
            }
            else if (freshEdge)
            {
                // Edges between two samples that agree: a glitch the samples missed; the window starts again.
                _candidateSince = lastEdge;
            }

            long quietSince = _candidateSince;
            if (_candidate != Active && now - quietSince >= _debounceMs)
            {
                Active = _candidate;
            }
        }

        public void Dispose()
        {
            _controller.UnregisterCallbackForPinValueChangedEvent(_pin.PinNumber, OnEdge);
            _pin.Dispose();
        }

        private bool RawActive()
        {
            bool high = _pin.Read() == PinValue.High;
            return _activeLow ? !high : high;
        }

        // Runs on the interrupt/event thread: only note the time, the main loop does the rest.
        private void OnEdge(object sender, PinValueChangedEventArgs e)
        {
            lock (_gate)
            {
                _lastEdgeAt = _clock.UptimeMilliseconds;
                _edgeSinceLastTick = true;
                Edges++;
            }
        }
    }
}
