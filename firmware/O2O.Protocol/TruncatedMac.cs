using System.Security.Cryptography;
using System.Text;

namespace O2O.Protocol
{
    /// <summary>
    /// The short MACs our offline-checkable codes carry (QR payloads, technician login codes): HMAC-SHA256
    /// over UTF-8 text, truncated and written as lowercase hex. HMACSHA256 exists on nanoFramework; plain SHA-256 does not.
    /// </summary>
    internal static class TruncatedMac
    {
        public static string Compute(byte[] key, string text, int hexLength)
        {
            byte[] hash = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));
            var hex = new StringBuilder(hexLength);
            for (int i = 0; i < hexLength / 2; i++)
            {
                hex.Append(hash[i].ToString("x2"));
            }

            return hex.ToString();
        }

        /// <summary>Compares in time independent of where the strings differ, so a MAC cannot be found character by character.</summary>
        public static bool FixedTimeEquals(string a, string b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            int difference = 0;
            for (int i = 0; i < a.Length; i++)
            {
                difference |= a[i] ^ b[i];
            }

            return difference == 0;
        }
    }
}
