using System.Device.Gpio;

namespace O2O.Firmware.Drivers.Tests.Support;

/// <summary>
/// A GPIO driver for System.Device.Gpio that records every write with its virtual time and lets the test
/// play the outside world: set an input's level and the registered edge callbacks fire, as an interrupt would.
/// </summary>
internal sealed class RecordingGpioDriver(TestClock clock) : GpioDriver
{
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly Dictionary<int, PinValue> _levels = [];
    private readonly Dictionary<int, List<PinChangeEventHandler>> _callbacks = [];

    public List<(long Time, int Pin, PinValue Value)> Writes { get; } = [];

    public PinMode Mode(int pin) => _modes[pin];

    public PinValue Level(int pin) => _levels.GetValueOrDefault(pin, PinValue.Low);

    /// <summary>The outside world drives an input pin; edge callbacks fire like the interrupt would.</summary>
    public void SetInput(int pin, PinValue value)
    {
        PinValue old = Level(pin);
        _levels[pin] = value;
        if (old != value && _callbacks.TryGetValue(pin, out List<PinChangeEventHandler>? handlers))
        {
            var args = new PinValueChangedEventArgs(value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling, pin);
            foreach (PinChangeEventHandler handler in handlers.ToArray())
            {
                handler(this, args);
            }
        }
    }

    protected override int PinCount => 40;

    protected override void OpenPin(int pinNumber) => _modes.TryAdd(pinNumber, PinMode.Input);

    protected override void ClosePin(int pinNumber) => _modes.Remove(pinNumber);

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        _modes[pinNumber] = mode;
        if (mode == PinMode.InputPullUp && !_levels.ContainsKey(pinNumber))
        {
            _levels[pinNumber] = PinValue.High;
        }
    }

    protected override PinMode GetPinMode(int pinNumber) => _modes[pinNumber];

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber) => Level(pinNumber);

    protected override void Write(int pinNumber, PinValue value)
    {
        _levels[pinNumber] = value;
        Writes.Add((clock.UptimeMilliseconds, pinNumber, value));
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("drivers must not block on GPIO events");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        if (!_callbacks.TryGetValue(pinNumber, out List<PinChangeEventHandler>? list))
        {
            _callbacks[pinNumber] = list = [];
        }

        list.Add(callback);
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        _callbacks.GetValueOrDefault(pinNumber)?.Remove(callback);
}
