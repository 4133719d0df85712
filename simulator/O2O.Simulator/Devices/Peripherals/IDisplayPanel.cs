namespace O2O.Simulator.Devices.Peripherals;

/// <summary>The backend of an emulated display module: what its glass shows, decoded only from what the driver sent.</summary>
public interface IDisplayPanel
{
    /// <summary>The controller's name as the device definitions spell it ("ssd1306", "st7789").</summary>
    string Controller { get; }

    int Width { get; }

    int Height { get; }

    /// <summary>The panel shows its memory (on, awake, powered); otherwise the glass is dark.</summary>
    bool Showing { get; }

    /// <summary>Bytes of pixel data received so far.</summary>
    long PixelBytes { get; }

    /// <summary>Commands the emulator does not know (a driver sending something the model never expected).</summary>
    int UnknownCommands { get; }

    PanelImage Capture();

    /// <summary>The supply dropped: registers back to their reset values, display memory garbage.</summary>
    void PowerLoss();
}
