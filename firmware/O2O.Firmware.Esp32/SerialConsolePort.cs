using System.Collections;
using System.IO.Ports;
using O2O.Firmware.Core.Console;

namespace O2O.Firmware.Esp32
{
    /// <summary>
    /// The technician's console on COM2 (UART1, pins from the board definition), 115200 8N1. COM1 stays with
    /// nanoFramework's debugger. Received bytes wait in a queue for the main loop, which feeds the console.
    /// </summary>
    internal sealed class SerialConsolePort : IConsoleOutput
    {
        public const int BaudRate = 115200;
        private readonly SerialPort _port;
        private readonly Queue _received = new Queue();
        private readonly object _gate = new object();

        public SerialConsolePort(string portName)
        {
            _port = new SerialPort(portName, BaudRate, Parity.None, 8, StopBits.One);
            _port.ReadTimeout = 0;
            _port.WriteTimeout = 500;
            _port.DataReceived += OnData;
            _port.Open();
        }

        public void Write(string text)
        {
            _port.Write(text);
        }

        /// <summary>Hands waiting bytes to the console; call from the main loop.</summary>
        public void Pump(DiagnosticsConsole console)
        {
            while (true)
            {
                byte[] chunk;
                lock (_gate)
                {
                    if (_received.Count == 0)
                    {
                        return;
                    }

                    chunk = (byte[])_received.Dequeue();
                }

                console.Receive(chunk, 0, chunk.Length);
            }
        }

        private void OnData(object sender, SerialDataReceivedEventArgs e)
        {
            int available = _port.BytesToRead;
            if (available <= 0)
            {
                return;
            }

            var chunk = new byte[available > 256 ? 256 : available];
            int read = _port.Read(chunk, 0, chunk.Length);
            if (read < chunk.Length)
            {
                var exact = new byte[read];
                System.Array.Copy(chunk, exact, read);
                chunk = exact;
            }

            lock (_gate)
            {
                // Someone pasting a novel into the console cannot exhaust the heap.
                if (_received.Count < 64)
                {
                    _received.Enqueue(chunk);
                }
            }
        }
    }
}
