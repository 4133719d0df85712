using System;
using System.Security.Cryptography;

namespace O2O.Protocol
{
    /// <summary>
    /// The URL a customer scans: device, slot, nonce and expiry, with an HMAC-SHA256 over them keyed with
    /// the device secret. The cloud holds the same secret, so a photo of an old code or a sticker pasted
    /// over the screen is refused. (HMACSHA256 exists on nanoFramework; plain SHA-256 does not.)
    /// </summary>
    public static class QrPayload
    {
        /// <summary>Hex characters of the MAC kept in the URL: 128 bits, enough against forgery, short enough for a small QR version.</summary>
        public const int MacHexLength = 32;

        public static string Build(string baseUrl, string deviceId, int slot, string nonce, long expiresAtUnixSeconds, byte[] deviceSecret)
        {
            string signed = SignedPart(deviceId, slot, nonce, expiresAtUnixSeconds);
            return baseUrl + "?" + signed + "&m=" + Mac(signed, deviceSecret);
        }

        /// <summary>
        /// Checks a scanned URL. Returns null when valid, else the reason. The fields are returned through
        /// the out parameters only when the MAC is right, so nothing unauthenticated is ever acted on.
        /// </summary>
        public static string? Verify(string url, byte[] deviceSecret, long nowUnixSeconds, out string? deviceId, out int slot, out string? nonce)
        {
            deviceId = null;
            nonce = null;
            slot = -1;
            int query = url == null ? -1 : url.IndexOf('?');
            int macAt = url == null ? -1 : url.LastIndexOf("&m=");
            if (url == null || query < 0 || macAt < query)
            {
                return "not an O2O code";
            }

            string signed = url.Substring(query + 1, macAt - query - 1);
            string mac = url.Substring(macAt + 3);
            if (!TruncatedMac.FixedTimeEquals(mac, Mac(signed, deviceSecret)))
            {
                return "bad signature";
            }

            string[] fields = signed.Split('&');
            if (fields.Length != 4 || !fields[0].StartsWith("d=") || !fields[1].StartsWith("s=") || !fields[2].StartsWith("n=") || !fields[3].StartsWith("e="))
            {
                return "malformed code";
            }

            long expires;
            int parsedSlot;
            if (!long.TryParse(fields[3].Substring(2), out expires) || !int.TryParse(fields[1].Substring(2), out parsedSlot))
            {
                return "malformed code";
            }

            if (nowUnixSeconds > expires)
            {
                return "expired code";
            }

            deviceId = fields[0].Substring(2);
            slot = parsedSlot;
            nonce = fields[2].Substring(2);
            return null;
        }

        /// <summary>Reads the device id from a code without checking it, to find which secret to verify with.</summary>
        public static string? PeekDeviceId(string url)
        {
            int at = url == null ? -1 : url.IndexOf("?d=");
            if (at < 0)
            {
                return null;
            }

            int end = url!.IndexOf('&', at);
            return end < 0 ? null : url.Substring(at + 3, end - at - 3);
        }

        private static string SignedPart(string deviceId, int slot, string nonce, long expiresAtUnixSeconds)
        {
            return "d=" + deviceId + "&s=" + slot.ToString() + "&n=" + nonce + "&e=" + expiresAtUnixSeconds.ToString();
        }

        private static string Mac(string signed, byte[] secret)
        {
            return TruncatedMac.Compute(secret, signed, MacHexLength);
        }
    }
}
