using System.Globalization;

namespace O2O.Bench.Faults;

/// <summary>
/// The campaign's notion of "now": real time plus an offset that outages advance (an hour passes in seconds).
/// The cloud simulator reads it directly; the agent process reads its own offset (this one plus any skew of the
/// agent's clock) from a file through the agent's FaultClock; devices stamp events with it plus their own skew.
/// </summary>
public sealed class VirtualClock(string agentOffsetFile) : TimeProvider
{
    private long _offsetMs;
    private long _agentSkewMs;

    public long OffsetMs => Interlocked.Read(ref _offsetMs);

    /// <summary>How far the agent's clock is off the cloud's (a clock jump on the site box).</summary>
    public long AgentSkewMs => Interlocked.Read(ref _agentSkewMs);

    public string AgentOffsetFile => agentOffsetFile;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddMilliseconds(OffsetMs);

    public long NowMs => GetUtcNow().ToUnixTimeMilliseconds();

    public void Advance(TimeSpan by)
    {
        Interlocked.Add(ref _offsetMs, (long)by.TotalMilliseconds);
        WriteAgentOffset();
    }

    public void SkewAgent(TimeSpan skew)
    {
        Interlocked.Exchange(ref _agentSkewMs, (long)skew.TotalMilliseconds);
        WriteAgentOffset();
    }

    // Written to a temporary file and renamed, so the agent never reads half a number.
    public void WriteAgentOffset()
    {
        string temporary = agentOffsetFile + ".tmp";
        File.WriteAllText(temporary, (OffsetMs + AgentSkewMs).ToString(CultureInfo.InvariantCulture));
        File.Move(temporary, agentOffsetFile, overwrite: true);
    }
}
