namespace O2O.Firmware.Drivers
{
    /// <summary>
    /// A blocking wait, for the few places a controller's datasheet demands one (power-up and reset times).
    /// Thread.Sleep on the device; a recorder in tests, so nothing in the test suite sleeps.
    /// </summary>
    public interface IDelay
    {
        void Milliseconds(int milliseconds);
    }
}
