using System;
using System.Collections;
using System.Text;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using O2O.Firmware.Core;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Firmware.Esp32
{
    /// <summary>
    /// The device's MQTT link on nanoFramework.M2Mqtt (MQTT 3.1.1): persistent session, the "offline" last will,
    /// keep-alive, optional TLS, and reconnection with exponential back-off plus jitter (M2Mqtt has no
    /// auto-reconnect). Received commands wait in a queue for the main loop, which runs the firmware core.
    /// </summary>
    internal sealed class M2MqttLink : IDeviceLink
    {
        private const ushort KeepAliveSeconds = 30;
        private const int MaxBackoffMs = 60000;
        private readonly string _host;
        private readonly int _port;
        private readonly bool _tls;
        private MqttClient? _client;
        private readonly string _deviceId;
        private readonly string _secret;
        private readonly Random _random = new Random();
        private readonly Queue _inbox = new Queue();
        private readonly object _gate = new object();
        private int _backoffMs = 1000;
        private long _nextAttemptAt;
        private bool _connecting;

        public M2MqttLink(string host, int port, bool tls, string deviceId, string secret)
        {
            _deviceId = deviceId;
            _secret = secret;
            _host = host;
            _port = port;
            _tls = tls;
        }

        public bool IsConnected { get { return _client != null && _client.IsConnected; } }

        /// <summary>Set by the Wi-Fi thread; no connection attempts are made before the network is up.</summary>
        public bool NetworkReady { get; set; }

        /// <summary>
        /// Call from the main loop: starts a (re)connection when one is due. The connection itself runs on its own
        /// thread, because M2Mqtt's connect blocks for as long as the broker takes to answer, and the main loop
        /// must keep timing latches and feeding the watchdog meanwhile.
        /// </summary>
        public void Maintain(string bootId, long now)
        {
            lock (_gate)
            {
                if (IsConnected || _connecting || !NetworkReady || now < _nextAttemptAt)
                {
                    return;
                }

                _connecting = true;
            }

            new System.Threading.Thread(() =>
            {
                bool connected = TryConnect(bootId);
                lock (_gate)
                {
                    if (connected)
                    {
                        _backoffMs = 1000;
                    }
                    else
                    {
                        // Full jitter: a whole site's devices coming back after a power cut must not reconnect in step.
                        _nextAttemptAt = System.Environment.TickCount64 + _random.Next(_backoffMs);
                        _backoffMs = _backoffMs * 2 > MaxBackoffMs ? MaxBackoffMs : _backoffMs * 2;
                    }

                    _connecting = false;
                }
            }).Start();
        }

        public bool Publish(string topic, byte[] payload, int length, bool retain, bool atLeastOnce)
        {
            MqttClient? client = _client;
            if (client == null || !client.IsConnected)
            {
                return false;
            }

            // M2Mqtt sends the whole array: copy the used part of the core's reusable buffer.
            var message = new byte[length];
            Array.Copy(payload, message, length);
            try
            {
                client.Publish(topic, message, null, null, atLeastOnce ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce, retain);
                return true;
            }
            catch (Exception)
            {
                // Socket errors surface as exceptions; the core keeps the event and the link reconnects.
                return false;
            }
        }

        /// <summary>Takes the next received message, if any.</summary>
        public bool TryReceive(out string topic, out byte[] payload)
        {
            lock (_gate)
            {
                if (_inbox.Count == 0)
                {
                    topic = "";
                    payload = new byte[0];
                    return false;
                }

                var message = (MqttMsgPublishEventArgs)_inbox.Dequeue();
                topic = message.Topic;
                payload = message.Message;
                return true;
            }
        }

        private bool TryConnect(string bootId)
        {
            var writer = new JsonWriter(64);
            Availability.Write(writer, Availability.Offline, bootId);
            string will = Encoding.UTF8.GetString(writer.Buffer, 0, writer.Length);
            try
            {
                if (_client == null)
                {
                    // Created only once the network is up: the client resolves and opens its socket on its own schedule.
                    _client = new MqttClient(_host, _port, _tls, null, null, _tls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
                    _client.MqttMsgPublishReceived += OnMessage;
                    _client.ConnectionClosed += OnClosed;
                }

                MqttReasonCode result = _client.Connect(_deviceId, _deviceId, _secret, true, MqttQoSLevel.AtLeastOnce, true,
                    Topics.Availability(_deviceId), will, false, KeepAliveSeconds);
                if (result != MqttReasonCode.Success)
                {
                    return false;
                }

                _client.Subscribe(new string[] { Topics.Commands(_deviceId) }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
                writer.Reset();
                Availability.Write(writer, Availability.Online, bootId);
                Publish(Topics.Availability(_deviceId), writer.Buffer, writer.Length, true, true);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        // Runs on M2Mqtt's receive thread: only queue; the main loop owns the firmware core.
        private void OnMessage(object sender, MqttMsgPublishEventArgs e)
        {
            lock (_gate)
            {
                // A flood of commands must not exhaust the heap: beyond 16 waiting, drop (the agent re-sends unacked ones).
                if (_inbox.Count < 16)
                {
                    _inbox.Enqueue(e);
                }
            }
        }

        private void OnClosed(object sender, EventArgs e)
        {
            _nextAttemptAt = 0;
        }
    }
}
