namespace O2O.Firmware.Core
{
    /// <summary>The hardware of a timed device: the relay powering the chair or booth, and its emergency-stop button.</summary>
    public interface ISessionHardware
    {
        void SetRelay(bool on);

        bool EmergencyStopPressed { get; }
    }
}
