using O2O.Protocol.Json;

namespace O2O.Protocol
{
    /// <summary>
    /// A command from the edge agent. The device executes each <see cref="Id"/> at most once and answers
    /// every one with a <see cref="CommandAck"/>. Which optional fields a type needs is checked on decode.
    /// </summary>
    public sealed class DeviceCommand
    {
        public const int NoSlot = -1;
        public const int MaxMinutes = 24 * 60;
        public const int MaxTextLength = 256;

        public string Id { get; set; } = "";

        public string Type { get; set; } = "";

        public int Slot { get; set; } = NoSlot;

        public string? OrderId { get; set; }

        /// <summary>
        /// For unlock: <see cref="RentMode"/> (take the item; the default), <see cref="ReturnMode"/> (put one back)
        /// or <see cref="MaintenanceMode"/> (a technician's opening, with the technician id in <see cref="Text"/>).
        /// </summary>
        public string? Mode { get; set; }

        public const string RentMode = "rent";
        public const string ReturnMode = "return";

        /// <summary>
        /// A technician's maintenance opening sent by the edge agent after it checked the technician's token: no
        /// order; <see cref="Text"/> holds the technician id (1-32 of [A-Za-z0-9_-], as in
        /// <see cref="TechnicianToken.IsValidTechnicianId"/>) for the device's technician_unlock event.
        /// </summary>
        public const string MaintenanceMode = "maintenance";

        /// <summary>Reservation hold or session length, in minutes (0 when absent).</summary>
        public int Minutes { get; set; }

        /// <summary>Beep pattern name or RTTTL melody.</summary>
        public string? Pattern { get; set; }

        /// <summary>Config key for set_config.</summary>
        public string? Key { get; set; }

        /// <summary>Config value for set_config; the technician id for a <see cref="MaintenanceMode"/> unlock. JSON <c>"value"</c>.</summary>
        public string? Text { get; set; }

        /// <summary>Agent clock when the command was issued, Unix milliseconds.</summary>
        public long IssuedAt { get; set; }

        public void WriteTo(JsonWriter writer)
        {
            writer.BeginObject();
            MessageEnvelope.WriteVersion(writer);
            writer.Property("id", Id);
            writer.Property("type", Type);
            if (Slot != NoSlot)
            {
                writer.Property("slot", Slot);
            }

            writer.OptionalProperty("order", OrderId);
            writer.OptionalProperty("mode", Mode);
            if (Minutes > 0)
            {
                writer.Property("minutes", Minutes);
            }

            writer.OptionalProperty("pattern", Pattern);
            writer.OptionalProperty("key", Key);
            writer.OptionalProperty("value", Text);
            writer.Property("ts", IssuedAt);
            writer.EndObject();
        }

        /// <summary>
        /// Decodes a command. On failure <paramref name="error"/> says why, and carries the command id
        /// when one could be read, so the device can still send a "rejected" ack for it.
        /// </summary>
        public static DeviceCommand? Decode(byte[] payload, int offset, int count, JsonReader reader, out DecodeError? error, out string? commandId)
        {
            commandId = null;
            if (!MessageEnvelope.Begin(reader, payload, offset, count, ProtocolLimits.MaxDevicePayloadBytes))
            {
                error = new DecodeError(reader.Status, reader.Detail);
                return null;
            }

            var command = new DeviceCommand();
            bool sawVersion = false;
            string? id = null;
            string? type = null;
            while (reader.NextProperty())
            {
                if (reader.NameIs("v"))
                {
                    sawVersion = MessageEnvelope.ReadVersion(reader);
                }
                else if (reader.NameIs("id"))
                {
                    if (MessageEnvelope.ReadToken(reader, "id", out id))
                    {
                        commandId = id;
                    }
                }
                else if (reader.NameIs("type"))
                {
                    if (reader.ReadString("type", out type) && type != null && !CommandTypes.IsKnown(type))
                    {
                        reader.Fail(DecodeStatus.UnknownType, "type: unknown command type");
                    }
                }
                else
                {
                    ReadArgument(reader, command);
                }
            }

            error = MessageEnvelope.Finish(reader, sawVersion, id == null ? "id" : type == null ? "type" : null);
            if (error != null)
            {
                // The failure may come before the id (a wrong version is read first): look for the id alone,
                // so the device can still answer "rejected" instead of leaving the agent to resend forever.
                if (commandId == null && count <= ProtocolLimits.MaxDevicePayloadBytes)
                {
                    commandId = PeekId(payload, offset, count, reader);
                }

                return null;
            }

            command.Id = id!;
            command.Type = type!;
            string? missing = CommandTypes.MissingFieldFor(command);
            if (missing != null)
            {
                error = new DecodeError(DecodeStatus.MissingField, missing + ": required for " + command.Type);
                return null;
            }

            string? invalid = CommandTypes.InvalidFieldFor(command);
            if (invalid != null)
            {
                error = new DecodeError(DecodeStatus.InvalidValue, invalid);
                return null;
            }

            return command;
        }

        // Reads only the top-level "id", skipping everything else; null when the payload is too broken to find it.
        private static string? PeekId(byte[] payload, int offset, int count, JsonReader reader)
        {
            reader.Reset(payload, offset, count);
            if (!reader.BeginObject())
            {
                return null;
            }

            while (reader.NextProperty())
            {
                if (reader.NameIs("id"))
                {
                    string? id;
                    return MessageEnvelope.ReadToken(reader, "id", out id) ? id : null;
                }

                reader.Skip();
            }

            return null;
        }

        private static void ReadArgument(JsonReader reader, DeviceCommand command)
        {
            if (reader.NameIs("slot"))
            {
                int slot;
                reader.ReadInt32("slot", 0, ProtocolLimits.MaxSlots - 1, out slot);
                command.Slot = slot;
            }
            else if (reader.NameIs("order"))
            {
                string? order;
                MessageEnvelope.ReadToken(reader, "order", out order);
                command.OrderId = order;
            }
            else if (reader.NameIs("mode"))
            {
                string? mode;
                if (reader.ReadString("mode", out mode) && mode != null && mode != RentMode && mode != ReturnMode && mode != MaintenanceMode)
                {
                    reader.Fail(DecodeStatus.InvalidValue, "mode: must be rent, return or maintenance");
                }

                command.Mode = mode;
            }
            else if (reader.NameIs("minutes"))
            {
                int minutes;
                reader.ReadInt32("minutes", 1, MaxMinutes, out minutes);
                command.Minutes = minutes;
            }
            else if (reader.NameIs("pattern"))
            {
                command.Pattern = ReadText(reader, "pattern");
            }
            else if (reader.NameIs("key"))
            {
                string? key;
                MessageEnvelope.ReadToken(reader, "key", out key);
                command.Key = key;
            }
            else if (reader.NameIs("value"))
            {
                command.Text = ReadText(reader, "value");
            }
            else if (reader.NameIs("ts"))
            {
                long ts;
                reader.ReadInt64("ts", out ts);
                command.IssuedAt = ts;
            }
            else
            {
                reader.Skip();
            }
        }

        private static string? ReadText(JsonReader reader, string field)
        {
            string? text;
            if (reader.ReadString(field, out text) && text != null && text.Length > MaxTextLength)
            {
                reader.Fail(DecodeStatus.Oversized, field + ": longer than " + MaxTextLength.ToString() + " characters");
            }

            return text;
        }
    }
}
