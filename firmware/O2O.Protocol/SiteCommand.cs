using O2O.Protocol.Json;

namespace O2O.Protocol
{
    /// <summary>
    /// A command from the cloud to a site's edge agent on the downlink topic. A grant carries a signed
    /// unlock grant as an opaque token: the agent verifies its signature before anything moves.
    /// </summary>
    public sealed class SiteCommand
    {
        public const string Grant = "grant";
        public const int MaxBodyLength = 2048;

        public string Id { get; set; } = "";

        public string Type { get; set; } = "";

        /// <summary>The type's payload: for a grant, the signed grant token.</summary>
        public string Body { get; set; } = "";

        public void WriteTo(JsonWriter writer)
        {
            writer.BeginObject();
            MessageEnvelope.WriteVersion(writer);
            writer.Property("id", Id);
            writer.Property("type", Type);
            writer.Property("body", Body);
            writer.EndObject();
        }

        public static SiteCommand? Decode(byte[] payload, int offset, int count, JsonReader reader, out DecodeError? error)
        {
            if (!MessageEnvelope.Begin(reader, payload, offset, count, ProtocolLimits.MaxDevicePayloadBytes))
            {
                error = new DecodeError(reader.Status, reader.Detail);
                return null;
            }

            bool sawVersion = false;
            string? id = null;
            string? type = null;
            string? body = null;
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
                else if (reader.NameIs("type"))
                {
                    if (reader.ReadString("type", out type) && type != Grant)
                    {
                        reader.Fail(DecodeStatus.UnknownType, "type: unknown site command type");
                    }
                }
                else if (reader.NameIs("body"))
                {
                    if (reader.ReadString("body", out body) && body != null && (body.Length == 0 || body.Length > MaxBodyLength))
                    {
                        reader.Fail(DecodeStatus.InvalidValue, "body: must be 1 to " + MaxBodyLength.ToString() + " characters");
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            error = MessageEnvelope.Finish(reader, sawVersion, id == null ? "id" : type == null ? "type" : body == null ? "body" : null);
            if (error != null)
            {
                return null;
            }

            var command = new SiteCommand();
            command.Id = id!;
            command.Type = type!;
            command.Body = body!;
            return command;
        }
    }
}
