namespace O2O.EdgeAgent.Cloud;

/// <summary>Where telemetry batches go: the cloud link (MQTT today, HTTPS as the alternative transport).</summary>
public interface IUplink
{
    bool IsConnected { get; }

    /// <summary>True once the cloud acknowledged the batch with a success code.</summary>
    Task<bool> PublishUplinkAsync(byte[] payload, CancellationToken cancellationToken);
}
