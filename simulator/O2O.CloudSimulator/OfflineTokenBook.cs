using O2O.CloudContract;
using O2O.CloudContract.Tokens;

namespace O2O.CloudSimulator;

/// <summary>
/// The cloud's books on offline tokens: which it issued to which site's pool, which it sold to which order while
/// the site was offline, what the site reported redeemed, and which it revoked. Reconciliation compares the
/// site's redemptions against these books.
/// </summary>
public sealed class OfflineTokenBook(TokenSigner signer, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Issued> _issued = new(StringComparer.Ordinal);
    // The same tokens by device: refills, sales and listings look at one device's tokens, and scanning every token
    // of every device for each of them made filling a 5,000-device site's pools quadratic.
    private readonly Dictionary<string, List<Issued>> _byDevice = new(StringComparer.Ordinal);
    private readonly HashSet<string> _revokedTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _revokedTechnicians = new(StringComparer.Ordinal);
    private int _counter;

    public sealed class Issued
    {
        public required OfflineToken Token { get; init; }
        public required string Text { get; init; }
        public required string Code { get; init; }
        public List<string> SoldTo { get; } = [];
        public RedemptionReport? Redemption { get; set; }
    }

    /// <summary>
    /// Up to <paramref name="count"/> tokens for a device's pool: first those issued before that the site does not hold
    /// (<paramref name="held"/>; sold ones too, their buyers still need them to open), then fresh ones valid for
    /// <paramref name="lifetime"/> from now. Without <paramref name="held"/>, only fresh ones.
    /// </summary>
    public IReadOnlyList<string> Issue(string siteId, string deviceId, int count, IReadOnlyList<string>? held, TimeSpan lifetime, string priceClass, long amountMinor)
    {
        long now = time.GetUtcNow().ToUnixTimeSeconds();
        var texts = new List<string>();
        lock (_gate)
        {
            if (held is not null)
            {
                var holds = new HashSet<string>(held, StringComparer.Ordinal);
                texts.AddRange(OfDevice(deviceId)
                    .Where(t => t.Token.SiteId == siteId && !holds.Contains(t.Token.TokenId) && t.Redemption is null
                        && !_revokedTokens.Contains(t.Token.TokenId) && t.Token.ExpiresAtUnix > now)
                    .OrderBy(t => t.Token.TokenId, StringComparer.Ordinal)
                    .Take(count)
                    .Select(t => t.Text));
            }

            for (int i = texts.Count; i < count; i++)
            {
                var token = new OfflineToken("tok-" + (++_counter).ToString("D6") + "-" + Guid.NewGuid().ToString("N")[..6], siteId, deviceId,
                    TokenClaims.AnySlot, now, now + (long)lifetime.TotalSeconds, priceClass, amountMinor);
                string text = signer.Sign(token.ToClaims());
                var issued = new Issued { Token = token, Text = text, Code = OfflineToken.ShortCode(text) };
                _issued[token.TokenId] = issued;
                if (!_byDevice.TryGetValue(deviceId, out List<Issued>? ofDevice))
                {
                    _byDevice[deviceId] = ofDevice = [];
                }

                ofDevice.Add(issued);
                texts.Add(text);
            }
        }

        return texts;
    }

    /// <summary>
    /// Sells an unsold, unrevoked token of the device that stays valid a while, to a customer paying while the site is
    /// offline. With <paramref name="sellTwice"/> (a fault switch) it sells an already sold one, to exercise reconciliation.
    /// </summary>
    public Issued? Sell(string deviceId, string orderId, bool sellTwice)
    {
        long now = time.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate)
        {
            Issued? token = OfDevice(deviceId)
                .Where(t => !_revokedTokens.Contains(t.Token.TokenId) && t.Redemption is null
                    && t.Token.ExpiresAtUnix - now > 600 && (sellTwice ? t.SoldTo.Count == 1 : t.SoldTo.Count == 0))
                .OrderBy(t => t.Token.TokenId, StringComparer.Ordinal)
                .FirstOrDefault();
            token?.SoldTo.Add(orderId);
            return token;
        }
    }

    /// <summary>Ids of the tokens issued to a device's pool, oldest first.</summary>
    public IReadOnlyList<string> IssuedTo(string deviceId)
    {
        lock (_gate)
        {
            return OfDevice(deviceId).Select(t => t.Token.TokenId).Order(StringComparer.Ordinal).ToList();
        }
    }

    // Callers hold _gate.
    private List<Issued> OfDevice(string deviceId) => _byDevice.GetValueOrDefault(deviceId) ?? [];

    public Issued? Find(string tokenId)
    {
        lock (_gate)
        {
            return _issued.GetValueOrDefault(tokenId);
        }
    }

    public void RevokeToken(string tokenId)
    {
        lock (_gate)
        {
            _revokedTokens.Add(tokenId);
        }
    }

    public void RevokeTechnician(string technicianId)
    {
        lock (_gate)
        {
            _revokedTechnicians.Add(technicianId);
        }
    }

    public RevocationList Revocations(string siteId)
    {
        lock (_gate)
        {
            return new RevocationList(
                _revokedTokens.Where(id => !_issued.TryGetValue(id, out Issued? t) || t.Token.SiteId == siteId).Order(StringComparer.Ordinal).ToList(),
                _revokedTechnicians.Order(StringComparer.Ordinal).ToList());
        }
    }

    /// <summary>Records a site's redemptions, idempotently, and returns the ones that disagree with the books.</summary>
    public ReconciliationResponse Reconcile(string siteId, IReadOnlyList<RedemptionReport> redemptions, CloudOrders orders)
    {
        var conflicts = new List<ReconciliationConflict>();
        int accepted = 0;
        lock (_gate)
        {
            foreach (RedemptionReport redemption in redemptions)
            {
                if (!_issued.TryGetValue(redemption.TokenId, out Issued? token) || token.Token.SiteId != siteId)
                {
                    conflicts.Add(new ReconciliationConflict(redemption.TokenId, ConflictKinds.UnknownToken, "never issued to this site"));
                    continue;
                }

                accepted++;
                token.Redemption ??= redemption;
                if (token.SoldTo.Count == 0)
                {
                    conflicts.Add(new ReconciliationConflict(redemption.TokenId, ConflictKinds.RedeemedNotSold, "redeemed at " + redemption.DeviceId + " but never sold"));
                }
                else if (token.SoldTo.Count > 1)
                {
                    conflicts.Add(new ReconciliationConflict(redemption.TokenId, ConflictKinds.SoldTwice, "sold to " + string.Join(", ", token.SoldTo)));
                }

                SettleOrders(token, orders);
            }
        }

        return new ReconciliationResponse(accepted, conflicts);
    }

    // The buyer of a served token got the item; a failed redemption, or a second buyer of the same token, is refunded.
    private static void SettleOrders(Issued token, CloudOrders orders)
    {
        for (int i = 0; i < token.SoldTo.Count; i++)
        {
            if (orders.Find(token.SoldTo[i]) is not { } order)
            {
                continue;
            }

            lock (order)
            {
                if (order.Outcome is not null)
                {
                    continue;
                }

                bool served = i == 0 && token.Redemption!.Outcome == OrderStatus.Dispensed;
                order.Outcome = served ? OrderStatus.Dispensed : OrderStatus.Failed;
                order.Reason = served ? null : i == 0 ? token.Redemption!.Reason : ConflictKinds.SoldTwice;
                order.Status = served ? OrderStatus.Dispensed : OrderStatus.Refunded;
                order.OutcomeReports++;
            }
        }
    }
}
