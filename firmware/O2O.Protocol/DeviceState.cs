using O2O.Protocol.Json;

namespace O2O.Protocol
{
    /// <summary>The retained snapshot a device publishes whenever its state changes; a late subscriber sees the latest at once.</summary>
    public sealed class DeviceState
    {
        public string DeviceId { get; set; } = "";

        /// <summary>Device kind: powerbank, umbrella, massage_chair, locker, karaoke.</summary>
        public string Kind { get; set; } = "";

        public string Firmware { get; set; } = "";

        public string BootId { get; set; } = "";

        /// <summary>The payload the customer scans now (a signed URL), or null while none is shown.</summary>
        public string? QrPayload { get; set; }

        public long Timestamp { get; set; }

        public SlotSnapshot[] Slots { get; set; } = new SlotSnapshot[0];

        public void WriteTo(JsonWriter writer)
        {
            writer.BeginObject();
            MessageEnvelope.WriteVersion(writer);
            writer.Property("dev", DeviceId);
            writer.Property("kind", Kind);
            writer.Property("fw", Firmware);
            writer.Property("boot", BootId);
            writer.OptionalProperty("qr", QrPayload);
            writer.Property("ts", Timestamp);
            writer.Name("slots");
            writer.BeginArray();
            for (int i = 0; i < Slots.Length; i++)
            {
                SlotSnapshot slot = Slots[i];
                writer.BeginObject();
                writer.Property("n", slot.Number);
                writer.Property("state", slot.State);
                writer.OptionalProperty("item", slot.ItemId);
                writer.Property("door", slot.DoorOpen);
                writer.OptionalProperty("fault", slot.Fault);
                writer.EndObject();
            }

            writer.EndArray();
            writer.EndObject();
        }

        public static DeviceState? Decode(byte[] payload, int offset, int count, JsonReader reader, out DecodeError? error)
        {
            if (!MessageEnvelope.Begin(reader, payload, offset, count, ProtocolLimits.MaxDevicePayloadBytes))
            {
                error = new DecodeError(reader.Status, reader.Detail);
                return null;
            }

            var state = new DeviceState();
            bool sawVersion = false;
            string? dev = null;
            string? kind = null;
            SlotSnapshot[]? slots = null;
            while (reader.NextProperty())
            {
                if (reader.NameIs("v"))
                {
                    sawVersion = MessageEnvelope.ReadVersion(reader);
                }
                else if (reader.NameIs("dev"))
                {
                    if (reader.ReadString("dev", out dev) && dev != null && !Topics.IsValidId(dev))
                    {
                        reader.Fail(DecodeStatus.InvalidValue, "dev: not a valid device id");
                    }
                }
                else if (reader.NameIs("kind"))
                {
                    MessageEnvelope.ReadToken(reader, "kind", out kind);
                }
                else if (reader.NameIs("fw"))
                {
                    string? fw;
                    MessageEnvelope.ReadToken(reader, "fw", out fw);
                    state.Firmware = fw ?? "";
                }
                else if (reader.NameIs("boot"))
                {
                    string? boot;
                    MessageEnvelope.ReadToken(reader, "boot", out boot);
                    state.BootId = boot ?? "";
                }
                else if (reader.NameIs("qr"))
                {
                    string? qr;
                    reader.ReadString("qr", out qr);
                    state.QrPayload = qr;
                }
                else if (reader.NameIs("ts"))
                {
                    long ts;
                    reader.ReadInt64("ts", out ts);
                    state.Timestamp = ts;
                }
                else if (reader.NameIs("slots"))
                {
                    slots = ReadSlots(reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            error = MessageEnvelope.Finish(reader, sawVersion, dev == null ? "dev" : kind == null ? "kind" : slots == null ? "slots" : null);
            if (error != null)
            {
                return null;
            }

            state.DeviceId = dev!;
            state.Kind = kind!;
            state.Slots = slots!;
            return state;
        }

        private static SlotSnapshot[]? ReadSlots(JsonReader reader)
        {
            if (!reader.BeginArray())
            {
                return null;
            }

            var found = new SlotSnapshot[ProtocolLimits.MaxSlots];
            int count = 0;
            while (reader.NextElement())
            {
                if (count == found.Length)
                {
                    reader.Fail(DecodeStatus.Oversized, "slots: more than " + ProtocolLimits.MaxSlots.ToString());
                    return null;
                }

                SlotSnapshot? slot = ReadSlot(reader);
                if (slot == null)
                {
                    return null;
                }

                found[count++] = slot;
            }

            if (reader.Failed)
            {
                return null;
            }

            var slots = new SlotSnapshot[count];
            System.Array.Copy(found, slots, count);
            return slots;
        }

        private static SlotSnapshot? ReadSlot(JsonReader reader)
        {
            if (!reader.BeginObject())
            {
                return null;
            }

            var slot = new SlotSnapshot();
            bool sawNumber = false;
            string? state = null;
            while (reader.NextProperty())
            {
                if (reader.NameIs("n"))
                {
                    int number;
                    sawNumber = reader.ReadInt32("n", 0, ProtocolLimits.MaxSlots - 1, out number);
                    slot.Number = number;
                }
                else if (reader.NameIs("state"))
                {
                    MessageEnvelope.ReadToken(reader, "state", out state);
                }
                else if (reader.NameIs("item"))
                {
                    string? item;
                    MessageEnvelope.ReadToken(reader, "item", out item);
                    slot.ItemId = item;
                }
                else if (reader.NameIs("door"))
                {
                    bool open;
                    reader.ReadBool("door", out open);
                    slot.DoorOpen = open;
                }
                else if (reader.NameIs("fault"))
                {
                    string? fault;
                    MessageEnvelope.ReadToken(reader, "fault", out fault);
                    slot.Fault = fault;
                }
                else
                {
                    reader.Skip();
                }
            }

            if (!reader.Failed && (!sawNumber || state == null))
            {
                reader.Fail(DecodeStatus.MissingField, sawNumber ? "slots.state: required" : "slots.n: required");
            }

            if (reader.Failed)
            {
                return null;
            }

            slot.State = state!;
            return slot;
        }
    }
}
