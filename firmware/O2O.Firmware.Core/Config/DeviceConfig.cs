using System.Collections;
using O2O.Protocol.Json;

namespace O2O.Firmware.Core.Config
{
    /// <summary>
    /// The device's configuration, persisted as one JSON object in device storage. Values are validated on
    /// the way in; secrets never come back out except to the code that uses them.
    /// </summary>
    public sealed class DeviceConfig
    {
        public const string StorageName = "config";
        private readonly IDeviceStorage _storage;
        private readonly Hashtable _values = new Hashtable();

        public DeviceConfig(IDeviceStorage storage)
        {
            _storage = storage;
        }

        public string DeviceId { get { return Value(ConfigKeys.DeviceId) ?? ""; } }

        public byte[] QrSecret { get { return Hex.Decode(Value(ConfigKeys.QrSecret) ?? "") ?? new byte[0]; } }

        public byte[] TechnicianKey { get { return Hex.Decode(Value(ConfigKeys.TechnicianKey) ?? "") ?? new byte[0]; } }

        public string QrBaseUrl { get { return Value(ConfigKeys.QrBaseUrl) ?? "https://pay.o2o.example/q"; } }

        public string LogLevel { get { return Value(ConfigKeys.LogLevel) ?? "info"; } }

        /// <summary>For the code that connects (MQTT password, Wi-Fi password): the raw value, or null when unset.</summary>
        public string? Value(string key)
        {
            return (string?)_values[key];
        }

        /// <summary>What the console may show: the value, "(set)"/"(not set)" for secrets, null for an unknown key.</summary>
        public string? Describe(string key)
        {
            if (!ConfigKeys.IsKnown(key))
            {
                return null;
            }

            string? value = Value(key);
            if (ConfigKeys.IsSecret(key))
            {
                return value == null || value.Length == 0 ? "(not set)" : "(set)";
            }

            return value ?? "(not set)";
        }

        /// <summary>Validates and stores a value; null on success, else why it was refused.</summary>
        public string? Set(string key, string value)
        {
            string? problem = ConfigKeys.Check(key, value);
            if (problem != null)
            {
                return problem;
            }

            _values[key] = value;
            return Save() ? null : "storage write failed";
        }

        /// <summary>Sets a value without persisting it (first boot defaults, simulator setup).</summary>
        public void SetDefault(string key, string value)
        {
            if (!_values.Contains(key) && ConfigKeys.Check(key, value) == null)
            {
                _values[key] = value;
            }
        }

        public void Load()
        {
            byte[]? data = _storage.Read(StorageName);
            if (data == null)
            {
                return;
            }

            var reader = new JsonReader();
            reader.Reset(data, 0, data.Length);
            if (!reader.BeginObject())
            {
                return;
            }

            while (reader.NextProperty())
            {
                string? key = reader.PropertyName();
                string? value;
                if (key == null || !reader.ReadString(key, out value))
                {
                    return;
                }

                // A value stored by an older firmware that this one refuses is dropped, not trusted.
                if (value != null && ConfigKeys.Check(key, value) == null)
                {
                    _values[key] = value;
                }
            }
        }

        public void FactoryReset()
        {
            _values.Clear();
            _storage.Delete(StorageName);
        }

        private bool Save()
        {
            var writer = new JsonWriter(512);
            writer.BeginObject();
            for (int i = 0; i < ConfigKeys.All.Length; i++)
            {
                writer.OptionalProperty(ConfigKeys.All[i], Value(ConfigKeys.All[i]));
            }

            writer.EndObject();
            return _storage.Write(StorageName, writer.Buffer, writer.Length);
        }
    }
}
