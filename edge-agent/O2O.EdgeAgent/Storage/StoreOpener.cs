using Microsoft.Extensions.Logging;

namespace O2O.EdgeAgent.Storage;

/// <summary>
/// Opens the agent's store at start. A file that fails its integrity check is not trusted and not deleted:
/// it is moved aside (with its WAL and shared-memory files) under a ".corrupt-{time}" name for forensics, and
/// a fresh store is opened so the site keeps selling. The agent then says so on every channel it has: a
/// critical log line, the quarantined path in <see cref="QuarantinedPath"/>, and a degraded readiness.
/// </summary>
public sealed class StoreOpener(TimeProvider time, ILogger<StoreOpener> logger)
{
    /// <summary>Where the untrusted file went, or null when the store opened cleanly.</summary>
    public string? QuarantinedPath { get; private set; }

    public AgentStore Open(string path)
    {
        try
        {
            return AgentStore.Open(path);
        }
        catch (StoreCorruptException e)
        {
            string quarantine = $"{path}.corrupt-{time.GetUtcNow():yyyyMMddTHHmmssZ}";
            foreach (string suffix in new[] { "", "-wal", "-shm" })
            {
                if (File.Exists(path + suffix))
                {
                    File.Move(path + suffix, quarantine + suffix);
                }
            }

            QuarantinedPath = quarantine;
            logger.LogCritical("Event store {Path} is corrupt ({Reason}); moved it to {Quarantine} and started a new one. " +
                "Events acknowledged before this are only in the quarantined file.", path, e.Message, quarantine);
            return AgentStore.Open(path);
        }
    }
}
