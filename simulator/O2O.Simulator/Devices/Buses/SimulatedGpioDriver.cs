using System.Device.Gpio;

namespace O2O.Simulator.Devices.Buses;

/// <summary>
/// The ESP32's GPIO as a System.Device.Gpio driver, two-sided like a Zephyr bus emulator. This file is the
/// driver side: exactly the <see cref="GpioDriver"/> contract, used through a real <see cref="GpioController"/>
/// by the real firmware drivers. The backend side (SimulatedGpioDriver.Backend.cs) is for the physical models
/// and tests. Edge callbacks run synchronously when a level changes, as an interrupt would, under the
/// device's hardware lock.
/// </summary>
public sealed partial class SimulatedGpioDriver : GpioDriver
{
    private readonly HardwareContext _context;
    private readonly SimulatedPin[] _pins;

    public SimulatedGpioDriver(HardwareContext context)
    {
        _context = context;
        _pins = new SimulatedPin[Esp32Pins.Count];
        for (int i = 0; i < _pins.Length; i++)
        {
            _pins[i] = new SimulatedPin(i);
        }
    }

    protected override int PinCount => Esp32Pins.Count;

    protected override void OpenPin(int pinNumber)
    {
        if (!Esp32Pins.Exists(pinNumber))
        {
            throw new ArgumentException($"GPIO{pinNumber} does not exist on the ESP32-WROOM-32E", nameof(pinNumber));
        }

        if (Esp32Pins.IsFlash(pinNumber))
        {
            throw new InvalidOperationException($"GPIO{pinNumber} is wired to the module's flash");
        }

        lock (_context.Gate)
        {
            SimulatedPin pin = _pins[pinNumber];
            pin.Open = true;
            pin.Mode = PinMode.Input;
            Refresh(pin, _context.Now);
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_context.Gate)
        {
            SimulatedPin pin = Pin(pinNumber);
            pin.Open = false;
            pin.Mode = PinMode.Input;
            pin.Callbacks.Clear();
            Refresh(pin, _context.Now);
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        if (!IsPinModeSupported(pinNumber, mode))
        {
            throw new InvalidOperationException($"GPIO{pinNumber} does not support {mode} on the ESP32");
        }

        lock (_context.Gate)
        {
            SimulatedPin pin = OpenedPin(pinNumber);
            pin.Mode = mode;
            Refresh(pin, _context.Now);
        }
    }

    // The output register is loaded before the pad turns into an output, so the pin never glitches through the old value.
    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        lock (_context.Gate)
        {
            OpenedPin(pinNumber).OutputLatch = initialValue;
            SetPinMode(pinNumber, mode);
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_context.Gate)
        {
            return Pin(pinNumber).Mode;
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => Esp32Pins.Supports(pinNumber, mode);

    protected override PinValue Read(int pinNumber)
    {
        lock (_context.Gate)
        {
            return OpenedPin(pinNumber).Level;
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_context.Gate)
        {
            SimulatedPin pin = OpenedPin(pinNumber);
            pin.OutputLatch = value;
            Writes++;
            Refresh(pin, _context.Now);
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        lock (_context.Gate)
        {
            SimulatedPin pin = OpenedPin(pinNumber);
            long rising = pin.RisingEdges;
            long falling = pin.FallingEdges;
            while (true)
            {
                if ((eventTypes & PinEventTypes.Rising) != 0 && pin.RisingEdges > rising)
                {
                    return new WaitForEventResult { EventTypes = PinEventTypes.Rising, TimedOut = false };
                }

                if ((eventTypes & PinEventTypes.Falling) != 0 && pin.FallingEdges > falling)
                {
                    return new WaitForEventResult { EventTypes = PinEventTypes.Falling, TimedOut = false };
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
                }

                // Every edge pulses the gate; the timeout only bounds how late a cancellation is noticed.
                Monitor.Wait(_context.Gate, 10);
            }
        }
    }

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_context.Gate)
        {
            OpenedPin(pinNumber).Callbacks.Add((eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_context.Gate)
        {
            Pin(pinNumber).Callbacks.RemoveAll(entry => entry.Handler == callback);
        }
    }

    private SimulatedPin Pin(int pinNumber) =>
        pinNumber >= 0 && pinNumber < _pins.Length ? _pins[pinNumber] : throw new ArgumentOutOfRangeException(nameof(pinNumber));

    private SimulatedPin OpenedPin(int pinNumber)
    {
        SimulatedPin pin = Pin(pinNumber);
        return pin.Open ? pin : throw new InvalidOperationException($"GPIO{pinNumber} is not open");
    }

    // Resolves the pad's level; a change is an edge: interrupt callbacks, WaitForEvent waiters, then the backend's listeners.
    private void Refresh(SimulatedPin pin, TimeSpan at)
    {
        PinValue level = pin.Resolve();
        if (level == pin.Level)
        {
            return;
        }

        pin.Level = level;
        PinEventTypes edge = level == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
        if (edge == PinEventTypes.Rising)
        {
            pin.RisingEdges++;
        }
        else
        {
            pin.FallingEdges++;
        }

        var change = new PinChange(pin.Number, level, at);
        Record(change);
        Monitor.PulseAll(_context.Gate);
        if (pin.Open)
        {
            var args = new PinValueChangedEventArgs(edge, pin.Number);
            foreach ((PinEventTypes types, PinChangeEventHandler handler) in pin.Callbacks.ToArray())
            {
                if ((types & edge) != 0)
                {
                    handler(this, args);
                }
            }
        }

        LevelChanged?.Invoke(change);
    }
}
