namespace O2O.Firmware.Core.Console
{
    /// <summary>Where console output goes: the UART on the device, a pseudo-terminal in the simulator.</summary>
    public interface IConsoleOutput
    {
        void Write(string text);
    }
}
