using O2O.Qr;

namespace O2O.Firmware.Drivers.Display
{
    /// <summary>
    /// The screens a device shows, laid out for whichever framebuffer it is given: the 128x64 OLED (QR on the
    /// left, text on the right) or the 240x240 TFT (QR on top, text below, everything larger). Text is upper
    /// case 5x7; anything that does not fit is clipped, never wrapped into the QR code's quiet zone.
    /// </summary>
    public sealed class ScreenRenderer
    {
        /// <summary>Light modules around the code that scanners need to find it (ISO/IEC 18004 §6.3.8: four modules).</summary>
        public const int QuietZoneModules = 4;
        private readonly MonochromeFrameBuffer _frame;

        public ScreenRenderer(MonochromeFrameBuffer frame)
        {
            _frame = frame;
        }

        private bool Large { get { return _frame.Width >= 200; } }

        /// <summary>
        /// The code to scan, scaled to the largest whole number of pixels per module that fits with its quiet
        /// zone, drawn dark on light. False when it cannot fit at one pixel per module (nothing is drawn then).
        /// </summary>
        public bool ShowQr(QrSymbol symbol, string title, string detail)
        {
            int modules = symbol.Size + (2 * QuietZoneModules);
            int textHeight = Large ? 16 * 2 + 8 : 0;
            int room = Large ? (_frame.Height - textHeight < _frame.Width ? _frame.Height - textHeight : _frame.Width) : _frame.Height;
            int scale = room / modules;
            if (scale < 1)
            {
                return false;
            }

            _frame.Clear();
            int side = modules * scale;
            int left = Large ? (_frame.Width - side) / 2 : 0;
            // Light background for the symbol and its quiet zone: the panel's "on" pixels are the light ones.
            _frame.FillRect(left, 0, side, side, true);
            for (int y = 0; y < symbol.Size; y++)
            {
                for (int x = 0; x < symbol.Size; x++)
                {
                    if (symbol.IsDark(x, y))
                    {
                        _frame.FillRect(left + ((x + QuietZoneModules) * scale), (y + QuietZoneModules) * scale, scale, scale, false);
                    }
                }
            }

            if (Large)
            {
                Centered(side + 6, title, 2);
                Centered(side + 6 + 18, detail, 2);
            }
            else
            {
                int textLeft = side + 4;
                _frame.DrawText(textLeft, 8, title, 1, true);
                _frame.DrawText(textLeft, 24, detail, 1, true);
            }

            return true;
        }

        /// <summary>Minutes and seconds left, in large digits, under a title (a reservation hold, a chair session).</summary>
        public void ShowCountdown(string title, long secondsLeft)
        {
            if (secondsLeft < 0)
            {
                secondsLeft = 0;
            }

            long minutes = secondsLeft / 60;
            string time = (minutes > 99 ? "99" : TwoDigits(minutes)) + ":" + TwoDigits(secondsLeft % 60);
            _frame.Clear();
            Centered(Large ? 20 : 2, title, Large ? 2 : 1);
            int scale = Large ? 7 : 3;
            Centered(Large ? 90 : 22, time, scale);
        }

        /// <summary>An out-of-service screen: an inverted banner, the fault and what to do.</summary>
        public void ShowFault(string title, string detail)
        {
            _frame.Clear();
            int banner = Large ? 60 : 16;
            _frame.FillRect(0, 0, _frame.Width, banner, true);
            int scale = Large ? 2 : 1;
            Centered((banner - (7 * scale)) / 2, title, scale, false);
            Centered(banner + (Large ? 40 : 12), detail, scale);
            Centered(_frame.Height - (Large ? 50 : 12), "PLEASE CALL STAFF", scale);
        }

        /// <summary>Two centred lines of text (boot, safe mode, "thank you").</summary>
        public void ShowMessage(string line1, string line2)
        {
            _frame.Clear();
            int scale = Large ? 3 : 1;
            int top = (_frame.Height / 2) - (Large ? 30 : 12);
            Centered(top, line1, scale);
            Centered(top + (Large ? 36 : 14), line2, scale);
        }

        private void Centered(int y, string text, int scale)
        {
            Centered(y, text, scale, true);
        }

        private void Centered(int y, string text, int scale, bool on)
        {
            int width = MonochromeFrameBuffer.TextWidth(text, scale);
            int x = (_frame.Width - width) / 2;
            _frame.DrawText(x < 0 ? 0 : x, y, text, scale, on);
        }

        private static string TwoDigits(long value)
        {
            return value < 10 ? "0" + value.ToString() : value.ToString();
        }
    }
}
