namespace O2O.Protocol
{
    /// <summary>
    /// The shape of an offline unlock token as a customer presents it at a device: a 12-digit short code typed
    /// on a keypad or the console, or a base64url COSE token from a phone. The device holds no key for these
    /// tokens and never verifies them; it only checks this shape before forwarding one to the site's edge agent
    /// in a <c>token_presented</c> event, so nothing but plain token characters ever reaches the agent.
    /// </summary>
    public static class PresentedToken
    {
        /// <summary>1 to <see cref="ProtocolLimits.MaxPresentedTokenLength"/> characters of [A-Za-z0-9_-] (base64url, which covers digits too).</summary>
        public static bool IsValid(string? token)
        {
            if (token == null || token.Length == 0 || token.Length > ProtocolLimits.MaxPresentedTokenLength)
            {
                return false;
            }

            for (int i = 0; i < token.Length; i++)
            {
                char c = token[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
