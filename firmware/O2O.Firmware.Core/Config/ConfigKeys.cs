namespace O2O.Firmware.Core.Config
{
    /// <summary>
    /// The device's settable configuration keys and their rules. Secrets are write-only: they are never
    /// read back, printed or published. Privileged keys need a technician login on the console; remote keys
    /// may also be set by the edge agent's set_config command.
    /// </summary>
    public static class ConfigKeys
    {
        public const string DeviceId = "device.id";
        /// <summary>Which device definition (firmware/definitions/&lt;model&gt;.json) this controller runs.</summary>
        public const string DeviceModel = "device.model";
        public const string DeviceSecret = "device.secret";
        public const string QrSecret = "qr.secret";
        public const string TechnicianKey = "tech.key";
        public const string WifiSsid = "wifi.ssid";
        public const string WifiPassword = "wifi.password";
        public const string BrokerHost = "broker.host";
        public const string BrokerPort = "broker.port";
        public const string BrokerTls = "broker.tls";
        public const string QrBaseUrl = "qr.base_url";
        public const string LogLevel = "log.level";

        /// <summary>In the order the console lists them; also the order provisioning asks for them.</summary>
        public static readonly string[] All =
        {
            DeviceId, DeviceModel, DeviceSecret, QrSecret, TechnicianKey, WifiSsid, WifiPassword, BrokerHost, BrokerPort, BrokerTls, QrBaseUrl, LogLevel,
        };

        public static bool IsKnown(string key)
        {
            for (int i = 0; i < All.Length; i++)
            {
                if (All[i] == key)
                {
                    return true;
                }
            }

            return false;
        }

        public static bool IsSecret(string key)
        {
            return key == DeviceSecret || key == QrSecret || key == TechnicianKey || key == WifiPassword;
        }

        public static bool IsPrivileged(string key)
        {
            return IsSecret(key) || key == DeviceId || key == DeviceModel;
        }

        /// <summary>Keys the edge agent may change remotely: nothing that could cut the device off or touch a secret.</summary>
        public static bool IsRemote(string key)
        {
            return key == LogLevel || key == QrBaseUrl;
        }

        /// <summary>Why a value is not acceptable for a key, or null when it is.</summary>
        public static string? Check(string key, string value)
        {
            switch (key)
            {
                case DeviceId:
                    return O2O.Protocol.Topics.IsValidId(value) ? null : "must be 1-32 of A-Z a-z 0-9 - _";
                case DeviceModel:
                    return O2O.Protocol.Topics.IsValidId(value) ? null : "must be a model name such as powerbank-4";
                case DeviceSecret:
                    return value.Length >= 16 && value.Length <= 128 ? null : "must be 16 to 128 characters";
                case QrSecret:
                case TechnicianKey:
                    return Hex.Decode(value) != null && value.Length >= 32 && value.Length <= 128 ? null : "must be 32 to 128 hex digits";
                case WifiSsid:
                    return value.Length >= 1 && value.Length <= 32 ? null : "must be 1 to 32 characters";
                case WifiPassword:
                    return value.Length == 0 || (value.Length >= 8 && value.Length <= 63) ? null : "must be empty (open network) or 8 to 63 characters";
                case BrokerHost:
                    return value.Length >= 1 && value.Length <= 253 && value.IndexOf(' ') < 0 ? null : "must be a host name or address";
                case BrokerPort:
                    int port;
                    return int.TryParse(value, out port) && port >= 1 && port <= 65535 ? null : "must be a port number from 1 to 65535";
                case BrokerTls:
                    return value == "on" || value == "off" ? null : "must be on or off";
                case QrBaseUrl:
                    return value.StartsWith("https://") && value.Length <= 128 && value.IndexOf('?') < 0 ? null : "must be an https:// URL without a query, at most 128 characters";
                case LogLevel:
                    return value == "error" || value == "warn" || value == "info" || value == "debug" ? null : "must be error, warn, info or debug";
                default:
                    return "unknown key";
            }
        }
    }
}
