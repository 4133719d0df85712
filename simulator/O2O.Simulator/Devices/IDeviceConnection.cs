using O2O.Firmware.Core;

namespace O2O.Simulator.Devices;

/// <summary>
/// A virtual device's network link as its main loop drives it, shaped like the ESP32's M2MqttLink: the core
/// publishes through <see cref="IDeviceLink"/>, the loop takes received commands and calls <see cref="Maintain"/>
/// to reconnect when the link is down and the network is up.
/// </summary>
public interface IDeviceConnection : IDeviceLink, IAsyncDisposable
{
    /// <summary>Connects now (the live stack waits for the first connection before it reports the device up).</summary>
    Task ConnectAsync(string bootId, CancellationToken cancellationToken);

    /// <summary>From the main loop: starts a reconnection when one is due and <paramref name="networkUp"/>.</summary>
    void Maintain(string bootId, bool networkUp);

    /// <summary>The connection dies without a goodbye (Wi-Fi lost, power lost): the broker publishes the last will.</summary>
    void Drop(bool powerLost);

    bool TryReceive(out string topic, out byte[] payload);
}
