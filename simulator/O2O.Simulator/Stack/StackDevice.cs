namespace O2O.Simulator.Stack;

/// <summary>One device of the local stack: its id, its model (a file in firmware/definitions) and what sits in its slots (null = empty).</summary>
public sealed record StackDevice(string DeviceId, string Model, string?[] Items);
