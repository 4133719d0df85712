using O2O.Protocol.Json;

namespace O2O.Protocol
{
    /// <summary>
    /// Retained online/offline status of a device or a site agent. A client connects with the "offline"
    /// payload as its MQTT last will and publishes "online" once connected, so the broker tells the truth
    /// even when the client dies without a word.
    /// </summary>
    public static class Availability
    {
        public const string Online = "online";
        public const string Offline = "offline";

        public static void Write(JsonWriter writer, string status, string bootId)
        {
            writer.BeginObject();
            MessageEnvelope.WriteVersion(writer);
            writer.Property("status", status);
            writer.Property("boot", bootId);
            writer.EndObject();
        }

        /// <summary>Reads the status ("online" or "offline"); null with an error for anything else.</summary>
        public static string? Decode(byte[] payload, int offset, int count, JsonReader reader, out DecodeError? error)
        {
            if (!MessageEnvelope.Begin(reader, payload, offset, count, ProtocolLimits.MaxDevicePayloadBytes))
            {
                error = new DecodeError(reader.Status, reader.Detail);
                return null;
            }

            bool sawVersion = false;
            string? status = null;
            while (reader.NextProperty())
            {
                if (reader.NameIs("v"))
                {
                    sawVersion = MessageEnvelope.ReadVersion(reader);
                }
                else if (reader.NameIs("status"))
                {
                    if (reader.ReadString("status", out status) && status != Online && status != Offline)
                    {
                        reader.Fail(DecodeStatus.InvalidValue, "status: must be online or offline");
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            error = MessageEnvelope.Finish(reader, sawVersion, status == null ? "status" : null);
            return error == null ? status : null;
        }
    }
}
