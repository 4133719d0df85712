using System.Collections;
using O2O.Protocol.Json;

namespace O2O.Protocol
{
    /// <summary>
    /// Telemetry from a site's edge agent to the cloud: device events in per-device order, under a batch id
    /// the cloud dedupes on, so a batch re-sent after a lost acknowledgement is counted once.
    /// </summary>
    public sealed class UplinkBatch
    {
        public const int MaxEvents = 10000;

        public string SiteId { get; set; } = "";

        public string BatchId { get; set; } = "";

        /// <summary>The events, each with its <see cref="DeviceEvent.DeviceId"/> set.</summary>
        public DeviceEvent[] Events { get; set; } = new DeviceEvent[0];

        public void WriteTo(JsonWriter writer)
        {
            writer.BeginObject();
            MessageEnvelope.WriteVersion(writer);
            writer.Property("site", SiteId);
            writer.Property("batch", BatchId);
            writer.Name("events");
            writer.BeginArray();
            for (int i = 0; i < Events.Length; i++)
            {
                Events[i].WriteTo(writer);
            }

            writer.EndArray();
            writer.EndObject();
        }

        public static UplinkBatch? Decode(byte[] payload, int offset, int count, JsonReader reader, out DecodeError? error)
        {
            if (!MessageEnvelope.Begin(reader, payload, offset, count, ProtocolLimits.MaxBatchPayloadBytes))
            {
                error = new DecodeError(reader.Status, reader.Detail);
                return null;
            }

            var batch = new UplinkBatch();
            bool sawVersion = false;
            string? site = null;
            string? batchId = null;
            DeviceEvent[]? events = null;
            while (reader.NextProperty())
            {
                if (reader.NameIs("v"))
                {
                    sawVersion = MessageEnvelope.ReadVersion(reader);
                }
                else if (reader.NameIs("site"))
                {
                    if (reader.ReadString("site", out site) && !Topics.IsValidId(site))
                    {
                        reader.Fail(DecodeStatus.InvalidValue, "site: not a valid site id");
                    }
                }
                else if (reader.NameIs("batch"))
                {
                    MessageEnvelope.ReadToken(reader, "batch", out batchId);
                }
                else if (reader.NameIs("events"))
                {
                    events = ReadEvents(reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            error = MessageEnvelope.Finish(reader, sawVersion, site == null ? "site" : batchId == null ? "batch" : events == null ? "events" : null);
            if (error != null)
            {
                return null;
            }

            batch.SiteId = site!;
            batch.BatchId = batchId!;
            batch.Events = events!;
            return batch;
        }

        private static DeviceEvent[]? ReadEvents(JsonReader reader)
        {
            if (!reader.BeginArray())
            {
                return null;
            }

            var events = new ArrayList();
            while (reader.NextElement())
            {
                if (events.Count == MaxEvents)
                {
                    reader.Fail(DecodeStatus.Oversized, "events: more than " + MaxEvents.ToString());
                    return null;
                }

                DecodeError? error;
                if (!reader.BeginObject())
                {
                    return null;
                }

                DeviceEvent? evt = DeviceEvent.ReadBody(reader, out error);
                if (evt == null)
                {
                    return null;
                }

                if (evt.DeviceId == null)
                {
                    reader.Fail(DecodeStatus.MissingField, "events.dev: required in a batch");
                    return null;
                }

                events.Add(evt);
            }

            if (reader.Failed)
            {
                return null;
            }

            return (DeviceEvent[])events.ToArray(typeof(DeviceEvent));
        }
    }
}
