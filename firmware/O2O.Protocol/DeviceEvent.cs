using O2O.Protocol.Json;

namespace O2O.Protocol
{
    /// <summary>
    /// Something that happened on a device. <see cref="BootId"/> and <see cref="Sequence"/> identify it:
    /// the sequence restarts at 1 on every boot, so receivers dedupe on the pair and see gaps in it.
    /// Optional fields are null (strings) or -1 (slot, value) when absent.
    /// </summary>
    public sealed class DeviceEvent
    {
        public const int NoSlot = -1;
        public const long NoValue = -1;

        /// <summary>Set only where the topic does not already say whose event it is (uplink batches).</summary>
        public string? DeviceId { get; set; }

        public string BootId { get; set; } = "";

        public long Sequence { get; set; }

        /// <summary>Device clock at the event, Unix milliseconds (0 when the device has no time yet).</summary>
        public long Timestamp { get; set; }

        public string Type { get; set; } = "";

        public int Slot { get; set; } = NoSlot;

        public string? OrderId { get; set; }

        public string? ItemId { get; set; }

        /// <summary>A machine-readable reason or fault code.</summary>
        public string? Code { get; set; }

        public long Value { get; set; } = NoValue;

        /// <summary>Device health, on heartbeats only; null otherwise.</summary>
        public HealthReport? Health { get; set; }

        /// <summary>
        /// The offline unlock token a customer presented (see <see cref="PresentedToken"/>): required on
        /// <see cref="EventTypes.TokenPresented"/> and refused on every other type, so a bearer token never rides
        /// along in ordinary telemetry. On that event <see cref="Slot"/> is the slot asked for, or
        /// <see cref="NoSlot"/> for any free one.
        /// </summary>
        public string? Token { get; set; }

        public void WriteTo(JsonWriter writer)
        {
            writer.BeginObject();
            MessageEnvelope.WriteVersion(writer);
            writer.OptionalProperty("dev", DeviceId);
            writer.Property("boot", BootId);
            writer.Property("seq", Sequence);
            writer.Property("ts", Timestamp);
            writer.Property("type", Type);
            if (Slot != NoSlot)
            {
                writer.Property("slot", Slot);
            }

            writer.OptionalProperty("order", OrderId);
            writer.OptionalProperty("item", ItemId);
            writer.OptionalProperty("code", Code);
            writer.OptionalProperty("token", Token);
            if (Value != NoValue)
            {
                writer.Property("value", Value);
            }

            if (Health != null)
            {
                writer.Name("health");
                Health.WriteTo(writer);
            }

            writer.EndObject();
        }

        public static DeviceEvent? Decode(byte[] payload, int offset, int count, JsonReader reader, out DecodeError? error)
        {
            if (!MessageEnvelope.Begin(reader, payload, offset, count, ProtocolLimits.MaxDevicePayloadBytes))
            {
                error = new DecodeError(reader.Status, reader.Detail);
                return null;
            }

            DeviceEvent? evt = ReadBody(reader, out error);
            if (evt != null)
            {
                error = MessageEnvelope.Finish(reader, true, null);
            }

            return error == null ? evt : null;
        }

        /// <summary>Reads an event object whose opening brace has been consumed (used inside batches too).</summary>
        internal static DeviceEvent? ReadBody(JsonReader reader, out DecodeError? error)
        {
            var evt = new DeviceEvent();
            bool sawVersion = false;
            bool sawSequence = false;
            string? boot = null;
            string? type = null;
            while (reader.NextProperty())
            {
                if (reader.NameIs("v"))
                {
                    sawVersion = MessageEnvelope.ReadVersion(reader);
                }
                else if (reader.NameIs("dev"))
                {
                    string? dev;
                    if (reader.ReadString("dev", out dev) && dev != null && !Topics.IsValidId(dev))
                    {
                        reader.Fail(DecodeStatus.InvalidValue, "dev: not a valid device id");
                    }

                    evt.DeviceId = dev;
                }
                else if (reader.NameIs("boot"))
                {
                    MessageEnvelope.ReadToken(reader, "boot", out boot);
                }
                else if (reader.NameIs("seq"))
                {
                    long seq;
                    if (reader.ReadInt64("seq", out seq))
                    {
                        if (seq < 1)
                        {
                            reader.Fail(DecodeStatus.InvalidValue, "seq: must be 1 or more");
                        }

                        evt.Sequence = seq;
                        sawSequence = true;
                    }
                }
                else if (reader.NameIs("ts"))
                {
                    long ts;
                    reader.ReadInt64("ts", out ts);
                    evt.Timestamp = ts;
                }
                else if (reader.NameIs("type"))
                {
                    if (reader.ReadString("type", out type) && type != null && !EventTypes.IsKnown(type))
                    {
                        reader.Fail(DecodeStatus.UnknownType, "type: unknown event type");
                    }
                }
                else if (reader.NameIs("slot"))
                {
                    int slot;
                    reader.ReadInt32("slot", 0, ProtocolLimits.MaxSlots - 1, out slot);
                    evt.Slot = slot;
                }
                else if (reader.NameIs("order"))
                {
                    string? order;
                    MessageEnvelope.ReadToken(reader, "order", out order);
                    evt.OrderId = order;
                }
                else if (reader.NameIs("item"))
                {
                    string? item;
                    MessageEnvelope.ReadToken(reader, "item", out item);
                    evt.ItemId = item;
                }
                else if (reader.NameIs("code"))
                {
                    string? code;
                    MessageEnvelope.ReadToken(reader, "code", out code);
                    evt.Code = code;
                }
                else if (reader.NameIs("token"))
                {
                    evt.Token = ReadPresentedToken(reader);
                }
                else if (reader.NameIs("value"))
                {
                    long value;
                    if (reader.ReadInt64("value", out value) && value < 0)
                    {
                        // Negative values are reserved: -1 marks "absent" in memory, so it could not survive a re-encode.
                        reader.Fail(DecodeStatus.InvalidValue, "value: must be 0 or more");
                    }

                    evt.Value = value;
                }
                else if (reader.NameIs("health"))
                {
                    evt.Health = HealthReport.Read(reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            string? missing = boot == null ? "boot" : !sawSequence ? "seq" : type == null ? "type" : null;
            if (!reader.Failed && !sawVersion)
            {
                reader.Fail(DecodeStatus.MissingField, "v: required");
            }

            if (!reader.Failed && missing != null)
            {
                reader.Fail(DecodeStatus.MissingField, missing + ": required");
            }

            if (!reader.Failed && type == EventTypes.TokenPresented && evt.Token == null)
            {
                reader.Fail(DecodeStatus.MissingField, "token: required for " + EventTypes.TokenPresented);
            }

            if (!reader.Failed && type != EventTypes.TokenPresented && evt.Token != null)
            {
                reader.Fail(DecodeStatus.InvalidValue, "token: allowed only on " + EventTypes.TokenPresented);
            }

            if (reader.Failed)
            {
                error = new DecodeError(reader.Status, reader.Detail);
                return null;
            }

            evt.BootId = boot!;
            evt.Type = type!;
            error = null;
            return evt;
        }

        // An overlong token is oversized like any string over its limit; an empty one or a stray character is invalid.
        private static string? ReadPresentedToken(JsonReader reader)
        {
            string? token;
            if (!reader.ReadString("token", out token) || token == null)
            {
                return token;
            }

            if (token.Length > ProtocolLimits.MaxPresentedTokenLength)
            {
                reader.Fail(DecodeStatus.Oversized, "token: longer than " + ProtocolLimits.MaxPresentedTokenLength.ToString() + " characters");
            }
            else if (!PresentedToken.IsValid(token))
            {
                reader.Fail(DecodeStatus.InvalidValue, "token: must be 1 or more of [A-Za-z0-9_-]");
            }

            return token;
        }
    }
}
