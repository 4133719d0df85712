using System.Formats.Cbor;
using System.Text;

namespace O2O.CloudContract.Tokens;

/// <summary>
/// The claims inside every signed token the cloud issues: a CWT claims set (RFC 8392) with the standard
/// keys where one fits (sub = device, aud = site, exp, nbf, iat, cti = token id) and a few text keys of
/// ours. <see cref="Kind"/> keeps one kind of token from being used as another: a technician pass is
/// never an unlock grant.
/// </summary>
public sealed class TokenClaims
{
    public const int AnySlot = -1;

    /// <summary>Longest id, site, device or technician id we accept inside a token.</summary>
    public const int MaxTextLength = 64;

    public string Kind { get; init; } = "";

    /// <summary>The token's own id: the order id of a grant, the token id of an offline token or pass.</summary>
    public string Id { get; init; } = "";

    public string SiteId { get; init; } = "";

    public string DeviceId { get; init; } = "";

    public int Slot { get; init; } = AnySlot;

    public long IssuedAtUnix { get; init; }

    public long NotBeforeUnix { get; init; }

    public long ExpiresAtUnix { get; init; }

    public string? PriceClass { get; init; }

    /// <summary>Price in the currency's minor unit (fen), for offline exposure limits.</summary>
    public long AmountMinor { get; init; }

    public string? TechnicianId { get; init; }

    /// <summary>
    /// Grants only: the length of the paid session to start on a timed device (massage chair, karaoke booth);
    /// 0 (the claim absent) for a grant that opens a slot. Written as the text key "min".
    /// </summary>
    public int Minutes { get; init; }

    /// <summary>Longest session a grant may carry: a day, the device protocol's own limit for a session command.</summary>
    public const int MaxMinutes = 24 * 60;

    // RFC 8392 §4 claim keys.
    private const int Subject = 2;
    private const int Audience = 3;
    private const int Expiration = 4;
    private const int NotBefore = 5;
    private const int IssuedAt = 6;
    private const int CwtId = 7;

    public byte[] Encode()
    {
        var writer = new CborWriter(CborConformanceMode.Strict);
        // Definite length: the decoder refuses indefinite-length maps, as COSE's deterministic encoding asks.
        writer.WriteStartMap(8 + (PriceClass is null ? 0 : 2) + (TechnicianId is null ? 0 : 1) + (Minutes == 0 ? 0 : 1));
        writer.WriteInt32(Subject);
        writer.WriteTextString(DeviceId);
        writer.WriteInt32(Audience);
        writer.WriteTextString(SiteId);
        writer.WriteInt32(Expiration);
        writer.WriteInt64(ExpiresAtUnix);
        writer.WriteInt32(NotBefore);
        writer.WriteInt64(NotBeforeUnix);
        writer.WriteInt32(IssuedAt);
        writer.WriteInt64(IssuedAtUnix);
        writer.WriteInt32(CwtId);
        writer.WriteByteString(Encoding.UTF8.GetBytes(Id));
        writer.WriteTextString("typ");
        writer.WriteTextString(Kind);
        writer.WriteTextString("slot");
        writer.WriteInt32(Slot);
        if (PriceClass is not null)
        {
            writer.WriteTextString("pc");
            writer.WriteTextString(PriceClass);
            writer.WriteTextString("amt");
            writer.WriteInt64(AmountMinor);
        }

        if (TechnicianId is not null)
        {
            writer.WriteTextString("tech");
            writer.WriteTextString(TechnicianId);
        }

        if (Minutes != 0)
        {
            writer.WriteTextString("min");
            writer.WriteInt32(Minutes);
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>Decodes a claims set; null for anything that is not one (wrong types, duplicate or missing claims, trailing bytes).</summary>
    public static TokenClaims? Decode(ReadOnlyMemory<byte> payload)
    {
        try
        {
            var reader = new CborReader(payload, CborConformanceMode.Strict);
            int? count = reader.ReadStartMap();
            if (count is null or > 16)
            {
                return null;
            }

            var claims = new Builder();
            for (int i = 0; i < count; i++)
            {
                if (!claims.ReadEntry(reader))
                {
                    return null;
                }
            }

            reader.ReadEndMap();
            return reader.BytesRemaining == 0 ? claims.Build() : null;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or OverflowException or DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Accumulates claims while reading; unknown text keys are skipped so the cloud can add claims later.</summary>
    private sealed class Builder
    {
        private string? _kind, _id, _site, _device, _priceClass, _technician;
        private long? _expires, _notBefore, _issuedAt, _amount;
        private int? _slot, _minutes;

        public bool ReadEntry(CborReader reader)
        {
            if (reader.PeekState() == CborReaderState.UnsignedInteger || reader.PeekState() == CborReaderState.NegativeInteger)
            {
                switch (reader.ReadInt32())
                {
                    case Subject: _device = Text(reader); break;
                    case Audience: _site = Text(reader); break;
                    case Expiration: _expires = reader.ReadInt64(); break;
                    case NotBefore: _notBefore = reader.ReadInt64(); break;
                    case IssuedAt: _issuedAt = reader.ReadInt64(); break;
                    case CwtId: _id = new UTF8Encoding(false, true).GetString(reader.ReadByteString()); break;
                    default: reader.SkipValue(); break;
                }

                return true;
            }

            switch (reader.ReadTextString())
            {
                case "typ": _kind = Text(reader); break;
                case "slot": _slot = reader.ReadInt32(); break;
                case "pc": _priceClass = Text(reader); break;
                case "amt": _amount = reader.ReadInt64(); break;
                case "tech": _technician = Text(reader); break;
                case "min": _minutes = reader.ReadInt32(); break;
                default: reader.SkipValue(); break;
            }

            return true;
        }

        public TokenClaims? Build()
        {
            if (_kind is null || _id is null || _site is null || _device is null || _expires is null || _notBefore is null || _issuedAt is null || _slot is null
                || _id.Length is 0 or > MaxTextLength || (_priceClass is null) != (_amount is null) || !MinutesFit(_kind, _minutes))
            {
                return null;
            }

            return new TokenClaims
            {
                Kind = _kind, Id = _id, SiteId = _site, DeviceId = _device, Slot = _slot.Value, ExpiresAtUnix = _expires.Value,
                NotBeforeUnix = _notBefore.Value, IssuedAtUnix = _issuedAt.Value, PriceClass = _priceClass, AmountMinor = _amount ?? 0, TechnicianId = _technician,
                Minutes = _minutes ?? 0,
            };
        }

        // A session length is only ever a grant's, and a real one: an offline token or a pass that carried one was
        // not made by our cloud, and 0, a negative or a days-long session is no order a customer could have paid for.
        private static bool MinutesFit(string kind, int? minutes) =>
            minutes is null || (kind == UnlockGrant.Kind && minutes is >= 1 and <= MaxMinutes);

        private static string Text(CborReader reader)
        {
            string text = reader.ReadTextString();
            return text.Length <= MaxTextLength ? text : throw new CborContentException("claim text too long");
        }
    }
}
