namespace O2O.Protocol
{
    /// <summary>
    /// Event type names on the wire. Transactional events record money or goods changing hands, or a
    /// security incident; they are never dropped or evicted, whatever the buffer pressure.
    /// </summary>
    public static class EventTypes
    {
        public const string Boot = "boot";
        public const string Heartbeat = "heartbeat";
        public const string SlotState = "slot_state";
        public const string Opened = "opened";
        public const string ItemTaken = "item_taken";
        public const string ItemReturned = "item_returned";
        public const string Closed = "closed";
        public const string Dispensed = "dispensed";
        public const string Returned = "returned";
        public const string UnlockFailed = "unlock_failed";
        public const string Jammed = "jammed";
        public const string Tamper = "tamper";
        public const string DoorLeftOpen = "door_left_open";
        public const string SensorDisagreement = "sensor_disagreement";
        public const string WrongItem = "wrong_item";
        public const string SessionStarted = "session_started";
        public const string SessionWarning = "session_warning";
        public const string SessionEnded = "session_ended";
        public const string QrRotated = "qr_rotated";
        public const string FaultCleared = "fault_cleared";
        public const string Reserved = "reserved";
        public const string ReservationEnded = "reservation_ended";
        public const string SelfTest = "self_test";
        public const string ConfigChanged = "config_changed";
        public const string TechnicianUnlock = "technician_unlock";
        public const string SafeMode = "safe_mode";

        /// <summary>
        /// A customer presented an offline unlock token; the event carries it in <see cref="DeviceEvent.Token"/> for
        /// the edge agent to verify. Not transactional: nothing has changed hands yet, and it is never buffered.
        /// </summary>
        public const string TokenPresented = "token_presented";

        private static readonly string[] Known =
        {
            Boot, Heartbeat, SlotState, Opened, ItemTaken, ItemReturned, Closed, Dispensed, Returned,
            UnlockFailed, Jammed, Tamper, DoorLeftOpen, SensorDisagreement, WrongItem,
            SessionStarted, SessionWarning, SessionEnded, QrRotated, FaultCleared,
            Reserved, ReservationEnded, SelfTest, ConfigChanged, TechnicianUnlock, SafeMode, TokenPresented,
        };

        private static readonly string[] Transactional =
        {
            Dispensed, Returned, UnlockFailed, Jammed, Tamper, WrongItem, SessionEnded, ItemTaken, ItemReturned,
            DoorLeftOpen, TechnicianUnlock,
        };

        public static bool IsKnown(string type)
        {
            return Contains(Known, type);
        }

        public static bool IsTransactional(string type)
        {
            return Contains(Transactional, type);
        }

        private static bool Contains(string[] list, string type)
        {
            for (int i = 0; i < list.Length; i++)
            {
                if (list[i] == type)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
