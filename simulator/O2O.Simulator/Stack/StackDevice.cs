namespace O2O.Simulator.Stack;

/// <summary>One device of the local stack: its id, kind and what sits in its slots (null = empty).</summary>
public sealed record StackDevice(string DeviceId, string Kind, string?[] Items);
