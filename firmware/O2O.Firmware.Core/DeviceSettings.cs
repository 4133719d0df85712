namespace O2O.Firmware.Core
{
    /// <summary>Identity, secrets and timings of one device. Loaded from the board/device definition and device storage.</summary>
    public sealed class DeviceSettings
    {
        public string DeviceId { get; set; } = "";

        public string Kind { get; set; } = "powerbank";

        public string FirmwareVersion { get; set; } = "0.1.0";

        /// <summary>Key for the QR MAC. Write-only from the console; never logged or published.</summary>
        public byte[] QrSecret { get; set; } = new byte[0];

        public string QrBaseUrl { get; set; } = "https://pay.o2o.example/q";

        /// <summary>How long a shown QR code stays valid before it rotates.</summary>
        public int QrLifetimeSeconds { get; set; } = 300;

        /// <summary>How long the latch coil is energised for one unlock pulse.</summary>
        public int LatchPulseMilliseconds { get; set; } = 500;

        /// <summary>How long to wait for the door switch after a pulse before calling the latch jammed.</summary>
        public int OpenTimeoutMilliseconds { get; set; } = 3000;

        /// <summary>How many recent command ids are remembered to refuse repeats.</summary>
        public int RecentCommandIds { get; set; } = 32;

        /// <summary>How many events wait while the link is down; the oldest non-transactional goes first.</summary>
        public int EventBufferSize { get; set; } = 64;
    }
}
