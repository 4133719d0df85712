namespace O2O.Firmware.Core
{
    /// <summary>
    /// The device's MQTT connection as the core needs it. The ESP32 app implements it with
    /// nanoFramework.M2Mqtt, the simulator with an MQTTnet client; the core never sees either.
    /// </summary>
    public interface IDeviceLink
    {
        bool IsConnected { get; }

        /// <summary>Publishes the first <paramref name="length"/> bytes. Returns false when the link is down (the caller keeps the message).</summary>
        bool Publish(string topic, byte[] payload, int length, bool retain, bool atLeastOnce);
    }
}
