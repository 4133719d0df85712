using System.Collections.Concurrent;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Simulator.Devices;

/// <summary>
/// An in-process stand-in for the broker and the device's MQTT connection, for tests that drive a device in
/// virtual time: everything published is kept, in order; messages sent to the device wait at the "broker"
/// while it is disconnected (persistent session, QoS 1) and are delivered once it is back. Reconnection is
/// immediate once the network is up, with the availability message a real connection publishes.
/// </summary>
public sealed class LoopbackLink(string deviceId) : IDeviceConnection
{
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _toDevice = new();
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _inbox = new();
    private volatile bool _connected;

    /// <summary>Everything the device published, in order.</summary>
    public ConcurrentQueue<LinkMessage> Published { get; } = new();

    /// <summary>Connections made, the first included.</summary>
    public int Connections { get; private set; }

    public int Drops { get; private set; }

    public bool IsConnected => _connected;

    public Task ConnectAsync(string bootId, CancellationToken cancellationToken)
    {
        Connect(bootId);
        return Task.CompletedTask;
    }

    public void Maintain(string bootId, bool networkUp)
    {
        if (!_connected && networkUp)
        {
            Connect(bootId);
        }

        while (_connected && _toDevice.TryDequeue(out (string Topic, byte[] Payload) message))
        {
            _inbox.Enqueue(message);
        }
    }

    public void Drop(bool powerLost)
    {
        _connected = false;
        Drops++;
        if (powerLost)
        {
            _inbox.Clear();
        }
    }

    /// <summary>The agent side sends the device a message (a command); it arrives when the device is connected.</summary>
    public void Send(string topic, byte[] payload) => _toDevice.Enqueue((topic, payload));

    public void SendCommand(DeviceCommand command)
    {
        var writer = new JsonWriter(1024);
        command.WriteTo(writer);
        Send(Topics.Commands(deviceId), writer.ToArray());
    }

    public bool TryReceive(out string topic, out byte[] payload)
    {
        if (_connected && _inbox.TryDequeue(out (string Topic, byte[] Payload) next))
        {
            (topic, payload) = next;
            return true;
        }

        topic = "";
        payload = [];
        return false;
    }

    public bool Publish(string topic, byte[] payload, int length, bool retain, bool atLeastOnce)
    {
        if (!_connected)
        {
            return false;
        }

        Published.Enqueue(new LinkMessage(topic, payload.AsSpan(0, length).ToArray(), retain));
        return true;
    }

    public ValueTask DisposeAsync()
    {
        _connected = false;
        return ValueTask.CompletedTask;
    }

    private void Connect(string bootId)
    {
        _connected = true;
        Connections++;
        var writer = new JsonWriter(64);
        Availability.Write(writer, Availability.Online, bootId);
        Publish(Topics.Availability(deviceId), writer.Buffer, writer.Length, true, true);
    }
}

/// <summary>One message a device published.</summary>
public sealed record LinkMessage(string Topic, byte[] Payload, bool Retain);
