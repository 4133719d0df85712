using O2O.Firmware.Core.Slots;
using O2O.Protocol;
using O2O.Protocol.Json;

namespace O2O.Firmware.Core.Commands
{
    /// <summary>One paid opening that was under way when the device last wrote its record.</summary>
    public sealed class InFlightOrder
    {
        public InFlightOrder(int slot, string orderId, bool isReturn, string? itemId)
        {
            Slot = slot;
            OrderId = orderId;
            IsReturn = isReturn;
            ItemId = itemId;
        }

        public int Slot { get; }

        public string OrderId { get; }

        public bool IsReturn { get; }

        /// <summary>The item in the slot when a rental began.</summary>
        public string? ItemId { get; }
    }

    /// <summary>
    /// The paid openings under way (slots unlocking or open for an order), kept in device storage. If the device
    /// reboots mid-sale (brownout, watchdog), the next boot resolves each one from the sensors, so every paid
    /// order still ends with exactly one outcome event instead of waiting forever.
    /// </summary>
    public sealed class InFlightOrders
    {
        public const string StorageName = "inflight";
        private readonly IDeviceStorage _storage;
        private readonly JsonWriter _writer = new JsonWriter(512);

        public InFlightOrders(IDeviceStorage storage)
        {
            _storage = storage;
        }

        /// <summary>Writes the record from the slots' current state (an empty list when nothing is under way).</summary>
        public void Save(SlotController[] slots)
        {
            _writer.Reset();
            _writer.BeginArray();
            for (int i = 0; i < slots.Length; i++)
            {
                SlotController slot = slots[i];
                bool underWay = slot.State == SlotState.Unlocking || slot.State == SlotState.Open;
                if (underWay && slot.OrderId != null && slot.Purpose != SlotPurpose.Maintenance)
                {
                    _writer.BeginObject();
                    _writer.Property("n", slot.Number);
                    _writer.Property("order", slot.OrderId);
                    _writer.Property("return", slot.Purpose == SlotPurpose.Return);
                    _writer.OptionalProperty("item", slot.ItemAtUnlock);
                    _writer.EndObject();
                }
            }

            _writer.EndArray();
            _storage.Write(StorageName, _writer.Buffer, _writer.Length);
        }

        /// <summary>What was under way at the last write; empty when nothing was (or the record is unreadable).</summary>
        public InFlightOrder[] Load()
        {
            byte[]? data = _storage.Read(StorageName);
            var found = new System.Collections.ArrayList();
            if (data == null)
            {
                return new InFlightOrder[0];
            }

            var reader = new JsonReader();
            reader.Reset(data, 0, data.Length);
            if (reader.BeginArray())
            {
                while (reader.NextElement() && reader.BeginObject())
                {
                    int slot = -1;
                    string? order = null;
                    string? item = null;
                    bool isReturn = false;
                    while (reader.NextProperty())
                    {
                        if (reader.NameIs("n")) { reader.ReadInt32("n", 0, ProtocolLimits.MaxSlots - 1, out slot); }
                        else if (reader.NameIs("order")) { reader.ReadString("order", out order); }
                        else if (reader.NameIs("return")) { reader.ReadBool("return", out isReturn); }
                        else if (reader.NameIs("item")) { reader.ReadString("item", out item); }
                        else { reader.Skip(); }
                    }

                    if (slot >= 0 && order != null && !reader.Failed)
                    {
                        found.Add(new InFlightOrder(slot, order, isReturn, item));
                    }
                }
            }

            return (InFlightOrder[])found.ToArray(typeof(InFlightOrder));
        }
    }
}
