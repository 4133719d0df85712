namespace O2O.Protocol
{
    /// <summary>Protocol constants that every side must agree on.</summary>
    public static class ProtocolLimits
    {
        /// <summary>The only wire version this code speaks; every payload carries it as <c>"v"</c>.</summary>
        public const int Version = 1;

        /// <summary>Largest device payload (event, command, ack, state). Kept small for the ESP32's heap.</summary>
        public const int MaxDevicePayloadBytes = 4096;

        /// <summary>Largest uplink batch before compression.</summary>
        public const int MaxBatchPayloadBytes = 4 * 1024 * 1024;

        /// <summary>Longest command id, order id or item id.</summary>
        public const int MaxTokenLength = 64;

        /// <summary>Most slots a device may have.</summary>
        public const int MaxSlots = 64;

        /// <summary>
        /// Longest offline unlock token a device forwards in a <c>token_presented</c> event: a phone's base64url
        /// COSE token fits with room to spare, and the event stays far below <see cref="MaxDevicePayloadBytes"/>.
        /// </summary>
        public const int MaxPresentedTokenLength = 400;
    }
}
