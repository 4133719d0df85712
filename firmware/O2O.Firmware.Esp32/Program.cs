using System;
using System.Device.Gpio;
using System.Text;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using O2O.Firmware.Core;
using O2O.Firmware.Core.Config;
using O2O.Firmware.Core.Console;
using O2O.Firmware.Core.Definitions;
using O2O.Firmware.Drivers;
using O2O.Firmware.Drivers.Display;
using O2O.Protocol;

namespace O2O.Firmware.Esp32
{
    /// <summary>
    /// The ESP32 application: outputs off first, then configuration, drivers, console, display, network, and
    /// the main loop that runs the firmware core. Only this project calls nanoFramework-only APIs.
    /// </summary>
    public static class Program
    {
        public const string FirmwareVersion = "0.2.0";
        private const string DefaultModel = "powerbank-4";
        /// <summary>One main-loop pass every 5 ms: fast enough for 30 ms debouncing and note timing.</summary>
        private const int LoopPauseMs = 5;

        public static void Main()
        {
            var clock = new Esp32Clock();
            var gpio = new GpioController();
            var storage = new FlashStorage();
            var config = new DeviceConfig(storage);
            config.Load();

            BoardDefinition board = ParseBoard();
            DeviceDefinition definition = ParseDevice(board, config.Value(ConfigKeys.DeviceModel) ?? DefaultModel)
                ?? ParseDevice(board, DefaultModel)!;
            // Every latch and relay output is opened here, and opening drives it off, before anything else runs.
            var buses = new Esp32Buses(board);
            var assembly = new DeviceAssembly(board, definition, gpio, buses, clock);
            var platform = new Esp32Platform();

            Configuration.SetPinFunction(board.Pin("CONSOLE_TX"), DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(board.Pin("CONSOLE_RX"), DeviceFunction.COM2_RX);
            var consolePort = new SerialConsolePort("COM2");

            var link = new M2MqttLink(config.Value(ConfigKeys.BrokerHost) ?? "", BrokerPort(config), config.Value(ConfigKeys.BrokerTls) == "on",
                config.DeviceId, config.Value(ConfigKeys.DeviceSecret) ?? "");
            var device = new DeviceController(definition, config, assembly.Hardware, clock, link, storage, platform, new Random(), FirmwareVersion);
            var console = new DiagnosticsConsole(new DeviceDiagnostics(device), consolePort);
            console.Start();

            var screen = new DeviceScreen(board, definition, gpio, buses, clock, device);

            StartNetwork(config, link);
            // One driver pass before the core starts: the tag readers make their first poll, so a sale a reset
            // interrupted is settled from what the sensors really show (an own item returned reads as a return).
            assembly.Tick();
            // The boot event and first state wait in the event buffer until the link comes up.
            device.Start();
            while (true)
            {
                try
                {
                    RunOnce(link, device, consolePort, console, assembly, screen, clock);
                }
                catch (Exception)
                {
                    // A bug must not leave a coil energised or end the loop (and with it the watchdog's feeding):
                    // release every output and carry on; the state machines see the latches released.
                    assembly.ReleaseAll();
                }

                Thread.Sleep(LoopPauseMs);
            }
        }

        private static void RunOnce(M2MqttLink link, DeviceController device, SerialConsolePort consolePort, DiagnosticsConsole console,
            DeviceAssembly assembly, DeviceScreen screen, Esp32Clock clock)
        {
            link.Maintain(device.BootId, clock.UptimeMilliseconds);
            string topic;
            byte[] payload;
            while (link.TryReceive(out topic, out payload))
            {
                device.OnMessage(topic, payload, payload.Length);
            }

            consolePort.Pump(console);
            assembly.Tick();
            device.Tick();
            // A repaint can take long on the TFT; never while a coil is energised, whose cut-off is timed by this loop.
            if (!assembly.AnyOutputEnergised)
            {
                screen.Update();
            }
        }

        private static BoardDefinition ParseBoard()
        {
            byte[] json = Encoding.UTF8.GetBytes(EmbeddedDefinitions.BoardO2oCtrl1);
            DecodeError? error;
            BoardDefinition? board = BoardDefinition.Parse(json, json.Length, out error);
            if (board == null)
            {
                // A firmware build whose own board file does not parse must never reach a cabinet: stop here.
                throw new InvalidOperationException("embedded board definition: " + (error == null ? "" : error.ToString()));
            }

            return board;
        }

        private static DeviceDefinition? ParseDevice(BoardDefinition board, string model)
        {
            string? text = EmbeddedDefinitions.Device(model);
            if (text == null)
            {
                return null;
            }

            byte[] json = Encoding.UTF8.GetBytes(text);
            DecodeError? error;
            return DeviceDefinition.Parse(json, json.Length, board, out error);
        }

        private static int BrokerPort(DeviceConfig config)
        {
            int port;
            return int.TryParse(config.Value(ConfigKeys.BrokerPort) ?? "", out port) ? port : 1883;
        }

        // Wi-Fi joins on its own thread, so the console and the device's offline behaviour never wait for it.
        private static void StartNetwork(DeviceConfig config, M2MqttLink link)
        {
            string? ssid = config.Value(ConfigKeys.WifiSsid);
            if (ssid == null || config.Value(ConfigKeys.BrokerHost) == null)
            {
                // Not provisioned yet: the technician sets wifi.* and broker.* on the console, then reboots.
                return;
            }

            string password = config.Value(ConfigKeys.WifiPassword) ?? "";
            new Thread(() =>
            {
                WifiConnector.Connect(ssid, password);
                link.NetworkReady = true;
            }).Start();
        }
    }
}
