namespace O2O.Firmware.Core
{
    /// <summary>The moving and sensing parts of one device, as the core sees them.</summary>
    public sealed class DeviceHardware
    {
        public DeviceHardware(ISlotHardware[] slots, ISessionHardware? session, IBeeper beeper)
        {
            Slots = slots;
            Session = session;
            Beeper = beeper;
        }

        /// <summary>One per slot of the device definition, in the same order.</summary>
        public ISlotHardware[] Slots { get; }

        /// <summary>Present on timed devices (chairs, booths) only.</summary>
        public ISessionHardware? Session { get; }

        public IBeeper Beeper { get; }
    }
}
