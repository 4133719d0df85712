using O2O.Firmware.Core;
using O2O.Firmware.Core.Sessions;
using O2O.Firmware.Core.Slots;
using O2O.Qr;

namespace O2O.Firmware.Drivers.Display
{
    /// <summary>
    /// Decides what the display shows from the device's state, and redraws only when that changes (a TFT
    /// frame is 115 KB on the bus): a countdown for a reservation or a running session, the QR code to sell,
    /// an out-of-service screen when nothing can be sold, a message in safe mode.
    /// </summary>
    public sealed class ScreenSelector
    {
        private readonly DeviceController _device;
        private readonly ScreenRenderer _renderer;
        private readonly QrEncoder _encoder = new QrEncoder();
        private string _shown = "";

        public ScreenSelector(DeviceController device, MonochromeFrameBuffer frame)
        {
            _device = device;
            _renderer = new ScreenRenderer(frame);
        }

        /// <summary>Draws the right screen into the frame; true when it changed and must be sent to the panel.</summary>
        public bool Update()
        {
            long now = _device.Clock.UptimeMilliseconds;
            string key;
            if (_device.SafeMode)
            {
                key = "safe";
                if (key != _shown) { _renderer.ShowMessage("SAFE MODE", "SERVICE NEEDED"); }
            }
            else if (_device.Session != null && _device.Session.State == SessionState.Running)
            {
                long left = _device.Session.SecondsLeft(now);
                key = "session" + left.ToString();
                if (key != _shown) { _renderer.ShowCountdown("TIME LEFT", left); }
            }
            else if (ReservedSlot(now, out int slot, out long seconds))
            {
                key = "reserved" + slot.ToString() + ":" + seconds.ToString();
                if (key != _shown) { _renderer.ShowCountdown("SLOT " + (slot + 1).ToString() + " RESERVED", seconds); }
            }
            else if (_device.QrPayload != null)
            {
                key = _device.QrPayload;
                if (key != _shown && !ShowQr(_device.QrPayload))
                {
                    _renderer.ShowFault("DISPLAY ERROR", "QR DOES NOT FIT");
                }
            }
            else
            {
                key = "none";
                if (key != _shown) { _renderer.ShowFault("OUT OF SERVICE", "NOTHING TO RENT"); }
            }

            bool changed = key != _shown;
            _shown = key;
            return changed;
        }

        private bool ShowQr(string payload)
        {
            QrSymbol? symbol = _encoder.Encode(payload, QrErrorCorrection.M);
            return symbol != null && _renderer.ShowQr(symbol, "SCAN TO RENT", "OR TO RETURN");
        }

        private bool ReservedSlot(long now, out int slot, out long seconds)
        {
            for (slot = 0; slot < _device.SlotCount; slot++)
            {
                if (_device.Slot(slot).State == SlotState.Reserved)
                {
                    seconds = _device.Slot(slot).ReservationSecondsLeft(now);
                    return true;
                }
            }

            seconds = 0;
            return false;
        }
    }
}
