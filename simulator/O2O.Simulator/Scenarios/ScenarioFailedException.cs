namespace O2O.Simulator.Scenarios;

/// <summary>A scenario expectation did not hold; the message is the reason printed on exit.</summary>
public sealed class ScenarioFailedException(string message) : Exception(message);
