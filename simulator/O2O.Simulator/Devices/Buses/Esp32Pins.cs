using System.Device.Gpio;

namespace O2O.Simulator.Devices.Buses;

/// <summary>
/// The GPIOs of the board's module (ESP32-WROOM-32E): 0-19, 21-23, 25-27 and 32-39. GPIO6-11 carry the
/// flash and cannot be used; 34-39 are input only and have no internal pull resistors. Enforcing this catches
/// a definition or driver that would fail on the chip (a latch on an input-only pin, a pull-up where there is none).
/// </summary>
public static class Esp32Pins
{
    public const int Count = 40;

    public static bool Exists(int pin) => pin is >= 0 and < Count and not (20 or 24 or 28 or 29 or 30 or 31);

    public static bool IsFlash(int pin) => pin is >= 6 and <= 11;

    public static bool IsInputOnly(int pin) => pin >= 34;

    public static bool Supports(int pin, PinMode mode) =>
        Exists(pin) && !IsFlash(pin) && (!IsInputOnly(pin) || mode == PinMode.Input);
}
