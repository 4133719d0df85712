namespace O2O.EdgeAgent.Gateway;

/// <summary>Counters exported as metrics. Interlocked so any thread may bump them.</summary>
public sealed class GatewayCounters
{
    public Counter AuthFailures { get; } = new();

    public Counter AclViolations { get; } = new();

    public Counter RejectedPayloads { get; } = new();

    public Counter DuplicateEvents { get; } = new();

    public Counter EventsStored { get; } = new();

    public sealed class Counter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }
}
