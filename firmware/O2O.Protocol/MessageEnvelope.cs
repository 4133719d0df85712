using O2O.Protocol.Json;

namespace O2O.Protocol
{
    /// <summary>Checks shared by every decoder: size limit, top-level object, version, and the final verdict.</summary>
    internal static class MessageEnvelope
    {
        public static bool Begin(JsonReader reader, byte[] payload, int offset, int count, int maxBytes)
        {
            if (payload == null || offset < 0 || count < 0 || offset + count > payload.Length)
            {
                reader.Reset(new byte[0], 0, 0);
                return reader.Fail(DecodeStatus.Truncated, "no payload");
            }

            reader.Reset(payload, offset, count);
            if (count > maxBytes)
            {
                return reader.Fail(DecodeStatus.Oversized, "payload of " + count.ToString() + " bytes exceeds " + maxBytes.ToString());
            }

            return reader.BeginObject();
        }

        /// <summary>Reads the value of a <c>"v"</c> property and refuses other versions.</summary>
        public static bool ReadVersion(JsonReader reader)
        {
            long version;
            if (!reader.ReadInt64("v", out version))
            {
                return false;
            }

            if (version != ProtocolLimits.Version)
            {
                return reader.Fail(DecodeStatus.WrongVersion, "version " + version.ToString() + " is not supported");
            }

            return true;
        }

        /// <summary>Reads a bounded string that may be absent (null).</summary>
        public static bool ReadToken(JsonReader reader, string field, out string? value)
        {
            if (!reader.ReadString(field, out value))
            {
                return false;
            }

            if (value != null && (value.Length == 0 || value.Length > ProtocolLimits.MaxTokenLength))
            {
                return reader.Fail(DecodeStatus.InvalidValue, field + ": must be 1 to " + ProtocolLimits.MaxTokenLength.ToString() + " characters");
            }

            return true;
        }

        /// <summary>Closes decoding: the verdict is the reader's first failure, or the missing fields, or success.</summary>
        public static DecodeError? Finish(JsonReader reader, bool sawVersion, string? missingField)
        {
            if (!reader.Failed)
            {
                reader.End();
            }

            if (!reader.Failed && !sawVersion)
            {
                reader.Fail(DecodeStatus.MissingField, "v: required");
            }

            if (!reader.Failed && missingField != null)
            {
                reader.Fail(DecodeStatus.MissingField, missingField + ": required");
            }

            return reader.Failed ? new DecodeError(reader.Status, reader.Detail) : null;
        }

        public static void WriteVersion(JsonWriter writer)
        {
            writer.Property("v", ProtocolLimits.Version);
        }
    }
}
