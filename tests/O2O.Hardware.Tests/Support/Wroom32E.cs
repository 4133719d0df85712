namespace O2O.Hardware.Tests.Support;

/// <summary>ESP32-WROOM-32E module pins and the ESP32 GPIO rules the board must respect.</summary>
public static class Wroom32E
{
    /// <summary>
    /// Module pin number → GPIO, from the "Pin Definitions" table of the ESP32-WROOM-32E datasheet (Espressif,
    /// section 2.2 "Pin Description"): 1 GND, 2 3V3, 3 EN, 4 SENSOR_VP (GPIO36), 5 SENSOR_VN (GPIO39), 6 IO34, 7 IO35,
    /// 8 IO32, 9 IO33, 10 IO25, 11 IO26, 12 IO27, 13 IO14, 14 IO12, 15 GND, 16 IO13, 17–22 NC (the in-package flash's
    /// SD2/SD3/CMD/CLK/SD0/SD1 = GPIO9/10/11/6/7/8 on the older WROOM-32), 23 IO15, 24 IO2, 25 IO0, 26 IO4, 27 IO16,
    /// 28 IO17, 29 IO5, 30 IO18, 31 IO19, 32 NC, 33 IO21, 34 RXD0 (GPIO3), 35 TXD0 (GPIO1), 36 IO22, 37 IO23,
    /// 38 GND, 39 GND (exposed pad).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, int> GpioOfPin = new Dictionary<string, int>
    {
        ["4"] = 36, ["5"] = 39, ["6"] = 34, ["7"] = 35, ["8"] = 32, ["9"] = 33, ["10"] = 25, ["11"] = 26, ["12"] = 27,
        ["13"] = 14, ["14"] = 12, ["16"] = 13, ["23"] = 15, ["24"] = 2, ["25"] = 0, ["26"] = 4, ["27"] = 16, ["28"] = 17,
        ["29"] = 5, ["30"] = 18, ["31"] = 19, ["33"] = 21, ["34"] = 3, ["35"] = 1, ["36"] = 22, ["37"] = 23,
    };

    /// <summary>Module pins 17–22: the internal flash's lines on the WROOM-32 family; never connected.</summary>
    public static readonly IReadOnlyList<string> FlashPins = ["17", "18", "19", "20", "21", "22"];

    public static readonly IReadOnlyDictionary<int, string> PinOfGpio = GpioOfPin.ToDictionary(kv => kv.Value, kv => kv.Key);

    /// <summary>Strapping pins: sampled at reset (GPIO12 = MTDI selects the flash voltage).</summary>
    public static readonly IReadOnlySet<int> Strapping = new HashSet<int> { 0, 2, 5, 12, 15 };

    /// <summary>Pins that output PWM or go high during boot (UART0 TX/RX, GPIO14, and the strapping pins 0, 5, 15).</summary>
    public static readonly IReadOnlySet<int> BootGlitch = new HashSet<int> { 0, 1, 3, 5, 14, 15 };

    public static bool IsInputOnly(int gpio) => gpio is >= 34 and <= 39;

    public static bool IsFlash(int gpio) => gpio is >= 6 and <= 11;
}
