using System.Device.I2c;
using O2O.Firmware.Core;

namespace O2O.Firmware.Drivers.TagReader
{
    /// <summary>
    /// The slot tag-reader module on the I2C bus (one per slot, each at its own address). Reading 18 bytes
    /// from register 0x00 gives: status (bit 0 = tag present), id length (0-16), then the id in ASCII. It is
    /// polled every <see cref="PollMilliseconds"/>; the id string is rebuilt only when the bytes change, so a
    /// tag sitting still costs no allocation. Anything implausible (length over 16, non-printable bytes) reads as no tag.
    /// Disposal: the caller owns the <see cref="I2cDevice"/>.
    /// </summary>
    public sealed class I2cTagReader : ITagReader
    {
        public const int PollMilliseconds = 200;
        public const int MaxIdLength = 16;
        private readonly I2cDevice _device;
        private readonly IClock _clock;
        private readonly byte[] _register = new byte[] { 0x00 };
        private readonly byte[] _answer = new byte[2 + MaxIdLength];
        private readonly byte[] _lastId = new byte[MaxIdLength];
        private int _lastLength = -1;
        private long _nextPollAt;

        public I2cTagReader(I2cDevice device, IClock clock)
        {
            _device = device;
            _clock = clock;
        }

        public string? CurrentTag { get; private set; }

        /// <summary>Polls that found an implausible answer (noise on the bus, a reader in trouble).</summary>
        public int BadReads { get; private set; }

        public void Tick()
        {
            long now = _clock.UptimeMilliseconds;
            if (now < _nextPollAt)
            {
                return;
            }

            _nextPollAt = now + PollMilliseconds;
            // A transfer that fails fills nothing in; cleared first, it then reads as "no tag", never as the last tag.
            System.Array.Clear(_answer, 0, _answer.Length);
            _device.WriteRead(_register, _answer);
            int length = (_answer[0] & 1) == 0 ? 0 : _answer[1];
            if (length > MaxIdLength || !Printable(length))
            {
                BadReads++;
                length = 0;
            }

            if (length == _lastLength && SameAsLast(length))
            {
                return;
            }

            _lastLength = length;
            System.Array.Copy(_answer, 2, _lastId, 0, length);
            CurrentTag = length == 0 ? null : new string(AsChars(length));
        }

        private bool Printable(int length)
        {
            for (int i = 0; i < length; i++)
            {
                byte b = _answer[2 + i];
                if (b < 0x21 || b > 0x7E)
                {
                    return false;
                }
            }

            return true;
        }

        private bool SameAsLast(int length)
        {
            for (int i = 0; i < length; i++)
            {
                if (_lastId[i] != _answer[2 + i])
                {
                    return false;
                }
            }

            return true;
        }

        private char[] AsChars(int length)
        {
            var chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)_answer[2 + i];
            }

            return chars;
        }
    }
}
