namespace O2O.Simulator.Devices.Buses;

/// <summary>One stretch of steady sound from the buzzer: when it began (simulation time), how long, at what pitch and duty.</summary>
public readonly record struct ToneSegment(TimeSpan Start, TimeSpan Duration, int FrequencyHz, double DutyCycle)
{
    public TimeSpan End => Start + Duration;
}
