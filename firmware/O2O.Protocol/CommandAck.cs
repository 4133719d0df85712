using O2O.Protocol.Json;

namespace O2O.Protocol
{
    /// <summary>The device's answer to one command: the command id and how it ended.</summary>
    public sealed class CommandAck
    {
        public const string Ok = "ok";
        public const string Rejected = "rejected";
        public const string Failed = "failed";

        public string CommandId { get; set; } = "";

        /// <summary><see cref="Ok"/>, <see cref="Rejected"/> (never attempted) or <see cref="Failed"/> (attempted, did not work).</summary>
        public string Outcome { get; set; } = Ok;

        /// <summary>Why it was rejected or failed; required unless the outcome is ok.</summary>
        public string? Reason { get; set; }

        public string BootId { get; set; } = "";

        public long Timestamp { get; set; }

        public static CommandAck Create(string commandId, string outcome, string? reason)
        {
            var ack = new CommandAck();
            ack.CommandId = commandId;
            ack.Outcome = outcome;
            ack.Reason = reason;
            return ack;
        }

        public void WriteTo(JsonWriter writer)
        {
            writer.BeginObject();
            MessageEnvelope.WriteVersion(writer);
            writer.Property("id", CommandId);
            writer.Property("outcome", Outcome);
            writer.OptionalProperty("reason", Reason);
            // The boot id is optional on the wire (Decode leaves it empty when absent), and an empty one is refused:
            // writing it would make an ack that decoded fine fail to decode once re-encoded. Found by fuzzing.
            if (BootId.Length > 0)
            {
                writer.Property("boot", BootId);
            }

            writer.Property("ts", Timestamp);
            writer.EndObject();
        }

        public static CommandAck? Decode(byte[] payload, int offset, int count, JsonReader reader, out DecodeError? error)
        {
            if (!MessageEnvelope.Begin(reader, payload, offset, count, ProtocolLimits.MaxDevicePayloadBytes))
            {
                error = new DecodeError(reader.Status, reader.Detail);
                return null;
            }

            var ack = new CommandAck();
            bool sawVersion = false;
            string? id = null;
            string? outcome = null;
            string? boot = null;
            while (reader.NextProperty())
            {
                if (reader.NameIs("v"))
                {
                    sawVersion = MessageEnvelope.ReadVersion(reader);
                }
                else if (reader.NameIs("id"))
                {
                    MessageEnvelope.ReadToken(reader, "id", out id);
                }
                else if (reader.NameIs("outcome"))
                {
                    if (reader.ReadString("outcome", out outcome) && outcome != null && outcome != Ok && outcome != Rejected && outcome != Failed)
                    {
                        reader.Fail(DecodeStatus.InvalidValue, "outcome: must be ok, rejected or failed");
                    }
                }
                else if (reader.NameIs("reason"))
                {
                    string? reason;
                    if (reader.ReadString("reason", out reason) && reason != null && reason.Length > DeviceCommand.MaxTextLength)
                    {
                        reader.Fail(DecodeStatus.Oversized, "reason: too long");
                    }

                    ack.Reason = reason;
                }
                else if (reader.NameIs("boot"))
                {
                    MessageEnvelope.ReadToken(reader, "boot", out boot);
                }
                else if (reader.NameIs("ts"))
                {
                    long ts;
                    reader.ReadInt64("ts", out ts);
                    ack.Timestamp = ts;
                }
                else
                {
                    reader.Skip();
                }
            }

            string? missing = id == null ? "id" : outcome == null ? "outcome" : (outcome != Ok && ack.Reason == null) ? "reason" : null;
            error = MessageEnvelope.Finish(reader, sawVersion, missing);
            if (error != null)
            {
                return null;
            }

            ack.CommandId = id!;
            ack.Outcome = outcome!;
            ack.BootId = boot ?? "";
            return ack;
        }
    }
}
