using System.Device.Gpio;
using O2O.Simulator.Devices.Buses;

namespace O2O.Simulator.Devices.Physics;

/// <summary>
/// A timed device's load (the chair's motors, the booth's power) behind its relay, and the emergency-stop
/// button. The relay follows its output pin; every stretch of power is recorded with its start and length.
/// </summary>
public sealed class SessionLoad(HardwareContext context, int relayPin, SwitchContact emergencyStop)
{
    private readonly List<(TimeSpan Start, TimeSpan Length)> _runs = [];

    public int RelayPin { get; } = relayPin;

    public SwitchContact EmergencyStop { get; } = emergencyStop;

    public bool Powered { get { lock (context.Gate) { return PoweredNow; } } }

    /// <summary>Finished stretches of power, oldest first.</summary>
    public IReadOnlyList<(TimeSpan Start, TimeSpan Length)> Runs
    {
        get { lock (context.Gate) { return [.. _runs]; } }
    }

    public bool EmergencyStopPressed { get { lock (context.Gate) { return EmergencyStop.Active; } } }

    private bool PoweredNow { get; set; }

    private TimeSpan PoweredSince { get; set; }

    public void PressEmergencyStop()
    {
        lock (context.Gate)
        {
            EmergencyStop.Set(true);
        }
    }

    public void ReleaseEmergencyStop()
    {
        lock (context.Gate)
        {
            EmergencyStop.Set(false);
        }
    }

    internal void OnRelay(PinValue level, TimeSpan at)
    {
        bool on = level == PinValue.High;
        if (on == PoweredNow)
        {
            return;
        }

        if (!on)
        {
            _runs.Add((PoweredSince, at - PoweredSince));
        }

        PoweredNow = on;
        PoweredSince = at;
    }
}
