namespace O2O.EdgeAgent.Cloud;

/// <summary>What became of an outcome report.</summary>
public enum OutcomeDelivery
{
    /// <summary>The cloud has it (first report, or a repeat of the same outcome).</summary>
    Accepted,

    /// <summary>The cloud will never take it (unknown order, or it holds a different outcome): retrying cannot help.</summary>
    Refused,

    /// <summary>The cloud was unreachable or failed; report again later.</summary>
    Retry,
}
