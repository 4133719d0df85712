using O2O.Protocol;

namespace O2O.Firmware.Core
{
    /// <summary>
    /// Offline unlock tokens presented at the device. When the site's internet is down a customer buys a token
    /// from the cloud on a phone; the device forwards it to the site's edge agent, which verifies it and sends an
    /// ordinary unlock command. The device holds no key for these tokens and never judges one beyond its shape.
    /// </summary>
    public sealed partial class DeviceController
    {
        /// <summary>
        /// Forwards a presented token in a <c>token_presented</c> event, for <paramref name="slot"/> or, with
        /// <see cref="DeviceEvent.NoSlot"/>, any free slot. Returns null when it was sent, else one of the
        /// <see cref="TokenRefusals"/>. Sent now or never: the customer is standing here, so nothing is queued.
        /// </summary>
        public string? PresentToken(string token, int slot)
        {
            if (!PresentedToken.IsValid(token))
            {
                return TokenRefusals.BadToken;
            }

            if (slot != DeviceEvent.NoSlot && (slot < 0 || slot >= _slots.Length))
            {
                return TokenRefusals.UnknownSlot;
            }

            if (SafeMode)
            {
                return TokenRefusals.SafeMode;
            }

            return _events.PublishPresentedToken(slot, token) ? null : TokenRefusals.Offline;
        }
    }
}
