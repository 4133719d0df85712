using System.Text;

namespace O2O.Firmware.Core.Boot
{
    /// <summary>
    /// Counts boots that end before the device has run healthily for a while. After too many in a row the
    /// device starts in safe mode: console and network only, no latch or relay ever moves, so a crash loop
    /// in the field cannot keep pulsing a coil or leave a drawer half-open.
    /// </summary>
    public sealed class BootGuard
    {
        public const string StorageName = "boot";
        /// <summary>A boot that lasts this long counts as healthy.</summary>
        public const long HealthyAfterMilliseconds = 60000;
        private readonly IDeviceStorage _storage;
        private readonly int _maxFailedBoots;
        private bool _markedHealthy;

        public BootGuard(IDeviceStorage storage, int maxFailedBoots)
        {
            _storage = storage;
            _maxFailedBoots = maxFailedBoots;
        }

        /// <summary>Boots in a row that did not reach the healthy mark, this one included.</summary>
        public int UnhealthyBoots { get; private set; }

        public bool SafeMode { get; private set; }

        /// <summary>Call once at boot, before anything moves: counts this boot and decides on safe mode.</summary>
        public void OnBoot()
        {
            UnhealthyBoots = Read() + 1;
            Write(UnhealthyBoots);
            SafeMode = UnhealthyBoots > _maxFailedBoots;
        }

        /// <summary>Call from the main loop; after the healthy mark the count goes back to zero (not in safe mode).</summary>
        public void Tick(long uptimeMilliseconds)
        {
            if (!_markedHealthy && !SafeMode && uptimeMilliseconds >= HealthyAfterMilliseconds)
            {
                _markedHealthy = true;
                Write(0);
            }
        }

        /// <summary>A deliberate reboot (technician or agent) gives the next boot a clean start.</summary>
        public void OnDeliberateReboot()
        {
            Write(0);
        }

        private int Read()
        {
            byte[]? data = _storage.Read(StorageName);
            int count;
            return data != null && int.TryParse(Encoding.UTF8.GetString(data, 0, data.Length), out count) && count >= 0 ? count : 0;
        }

        private void Write(int count)
        {
            byte[] data = Encoding.UTF8.GetBytes(count.ToString());
            _storage.Write(StorageName, data, data.Length);
        }
    }
}
