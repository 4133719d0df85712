using System.Device.Gpio;

namespace O2O.Simulator.Devices.Buses;

/// <summary>
/// The backend side of the GPIO emulator: what the physical models and tests use. Inputs are driven (or let
/// go) by the outside world, optionally with contact bounce, which is scheduled in simulation time and played
/// out by <see cref="Pump"/>; outputs are observed as level changes stamped with simulation time.
/// </summary>
public sealed partial class SimulatedGpioDriver
{
    /// <summary>The history kept for inspection; older changes are dropped (a live stack runs for hours).</summary>
    public const int HistoryLimit = 4096;
    private readonly List<ScheduledDrive> _scheduled = [];
    private readonly Queue<PinChange> _history = new();

    /// <summary>Every level change of any pin, input or output, as it happens (under the device's hardware lock).</summary>
    public event Action<PinChange>? LevelChanged;

    /// <summary>Writes the firmware made to its output registers, counting repeats of the same level.</summary>
    public long Writes { get; private set; }

    public PinValue Level(int pin)
    {
        lock (_context.Gate)
        {
            return Pin(pin).Level;
        }
    }

    public bool IsOpen(int pin)
    {
        lock (_context.Gate)
        {
            return Pin(pin).Open;
        }
    }

    /// <summary>The pin's mode while open, or null when the firmware has not opened it.</summary>
    public PinMode? ModeOf(int pin)
    {
        lock (_context.Gate)
        {
            SimulatedPin state = Pin(pin);
            return state.Open ? state.Mode : null;
        }
    }

    /// <summary>Interrupt handlers registered on the pin now.</summary>
    public int CallbackCount(int pin)
    {
        lock (_context.Gate)
        {
            return Pin(pin).Callbacks.Count;
        }
    }

    /// <summary>The most recent level changes, oldest first (at most <see cref="HistoryLimit"/>).</summary>
    public IReadOnlyList<PinChange> History()
    {
        lock (_context.Gate)
        {
            return [.. _history];
        }
    }

    /// <summary>Fits a pull resistor on the board (null removes it): the input lines' pull-ups, a MOSFET gate's pull-down.</summary>
    public void SetBoardPull(int pin, PinValue? level)
    {
        lock (_context.Gate)
        {
            SimulatedPin state = Pin(pin);
            state.BoardPull = level;
            Refresh(state, _context.Now);
        }
    }

    /// <summary>The outside world drives the pin to <paramref name="level"/> now, or lets go of it (null); cancels any bounce under way on it.</summary>
    public void DriveInput(int pin, PinValue? level) => DriveInput(pin, level, ContactBounce.None);

    /// <summary>
    /// The outside world moves the pin to <paramref name="level"/> (null: lets go) through contact bounce: the
    /// first edge now, then the contact springs back and makes again <see cref="ContactBounce.Reversals"/> times,
    /// evenly over <see cref="ContactBounce.Span"/>, ending at the new level. The later edges happen in <see cref="Pump"/>.
    /// </summary>
    public void DriveInput(int pin, PinValue? level, ContactBounce bounce)
    {
        lock (_context.Gate)
        {
            SimulatedPin state = Pin(pin);
            _scheduled.RemoveAll(drive => drive.Pin == pin);
            PinValue? previous = state.ExternalDrive;
            TimeSpan now = _context.Now;
            state.ExternalDrive = level;
            Refresh(state, now);
            int edges = 2 * bounce.Reversals;
            for (int i = 1; i <= edges; i++)
            {
                TimeSpan at = now + (bounce.Span * i / edges);
                Schedule(new ScheduledDrive(at, pin, i % 2 == 1 ? previous : level));
            }
        }
    }

    /// <summary>Plays out every scheduled edge that is due by now, in time order. Call it often (the device loop does).</summary>
    public void Pump()
    {
        lock (_context.Gate)
        {
            TimeSpan now = _context.Now;
            while (_scheduled.Count > 0 && _scheduled[0].At <= now)
            {
                ScheduledDrive next = _scheduled[0];
                _scheduled.RemoveAt(0);
                SimulatedPin state = _pins[next.Pin];
                state.ExternalDrive = next.Level;
                Refresh(state, next.At);
            }
        }
    }

    /// <summary>True while bounce edges are still to come on the pin.</summary>
    public bool Settling(int pin)
    {
        lock (_context.Gate)
        {
            return _scheduled.Exists(drive => drive.Pin == pin);
        }
    }

    /// <summary>
    /// The chip resets (brownout, watchdog, reboot): every pin goes back to an unconfigured input with no
    /// interrupt handlers, so outputs stop driving and fall to their board pulls. The outside world keeps its drives.
    /// </summary>
    public void PowerLoss()
    {
        lock (_context.Gate)
        {
            TimeSpan now = _context.Now;
            foreach (SimulatedPin pin in _pins)
            {
                pin.Open = false;
                pin.Mode = PinMode.Input;
                pin.OutputLatch = PinValue.Low;
                pin.Callbacks.Clear();
                Refresh(pin, now);
            }
        }
    }

    // Kept in time order; equal times keep the order they were scheduled in.
    private void Schedule(ScheduledDrive drive)
    {
        int index = _scheduled.FindIndex(other => other.At > drive.At);
        _scheduled.Insert(index < 0 ? _scheduled.Count : index, drive);
    }

    private void Record(PinChange change)
    {
        _history.Enqueue(change);
        if (_history.Count > HistoryLimit)
        {
            _history.Dequeue();
        }
    }

    private readonly record struct ScheduledDrive(TimeSpan At, int Pin, PinValue? Level);
}
